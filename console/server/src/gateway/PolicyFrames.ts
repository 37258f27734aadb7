import {
  POLICY_BY_REFERENCE_PROTOCOL_VERSION,
  type PolicyLibraryEntry,
  type PolicyPushMessage,
  type ServerToAgentMessage,
} from '@lookout/shared';

/** A keyword library of a document, by id and content digest (PolicyCompiler works these out once per version). */
export interface LibraryRef {
  readonly id: string;
  readonly digest: string;
}

/**
 * The policy a device should run: the message body, a revision that changes whenever its content does, and the
 * document's keyword libraries by digest, in `document.keywordLibraries`' order. Shared by every PC it suits.
 */
export type DevicePolicy = Omit<PolicyPushMessage, 'type' | 'libraries'> & {
  revision: string;
  libraries: readonly LibraryRef[];
};

/** One push: its bytes, and the libraries it carries inline (the agent holds them from now on). */
export interface PolicyFrame {
  readonly bytes: Buffer;
  readonly inline: readonly string[];
}

/** Frames kept per document for different held sets; in practice one or two (agents that hold all, or none). */
const HELD_SET_FRAMES = 8;

/** A cached frame, how often it was asked for, and when last (a counter of asks, per document). */
interface KeptFrame {
  readonly frame: PolicyFrame;
  uses: number;
  lastUsed: number;
}

/** One document's frames by held set, with the count of asks that orders them. */
interface DocumentFrames {
  readonly byKey: Map<string, KeptFrame>;
  asks: number;
}

/**
 * Policy-push frames, serialised once per distinct (document, what the agent holds) and shared by every
 * connection that needs that frame: never one per device. Protocol 1 and 2 get the whole document; protocol 3
 * gets the document without its keyword libraries, each named by id and digest, with the content only of those
 * the agent does not hold.
 *
 * Held sets come from agents' hellos, so only a few frames per document are kept, whatever they claim: when a new
 * one comes and the slots are full, the least used goes (of those used alike, the least recently). A frame that
 * thousands of PCs share is kept however many odd held sets a few agents claim: each odd one starts at one use
 * and is the next to go.
 */
export class PolicyFrames {
  private readonly whole = new WeakMap<DevicePolicy, PolicyFrame>();
  private readonly byReference = new WeakMap<DevicePolicy, DocumentFrames>();

  frameFor(policy: DevicePolicy, protocolVersion: number, held: ReadonlySet<string>): PolicyFrame {
    if (protocolVersion < POLICY_BY_REFERENCE_PROTOCOL_VERSION) return this.wholeFrame(policy);
    const inline = policy.libraries.filter((l) => !held.has(l.digest)).map((l) => l.digest);
    const key = inline.join(',');
    let frames = this.byReference.get(policy);
    if (!frames) this.byReference.set(policy, (frames = { byKey: new Map(), asks: 0 }));
    const ask = ++frames.asks;
    const found = frames.byKey.get(key);
    if (found) {
      found.uses++;
      found.lastUsed = ask;
      return found.frame;
    }
    const frame = this.serialise(policy, inline);
    if (frames.byKey.size >= HELD_SET_FRAMES) frames.byKey.delete(leastUsed(frames.byKey));
    frames.byKey.set(key, { frame, uses: 1, lastUsed: ask });
    return frame;
  }

  private serialise(policy: DevicePolicy, inline: readonly string[]): PolicyFrame {
    const bodies = (policy.document.keywordLibraries ?? []) as readonly Record<string, unknown>[];
    const inlineSet = new Set(inline);
    const libraries: PolicyLibraryEntry[] = policy.libraries.map((ref, i) =>
      inlineSet.has(ref.digest) ? { id: ref.id, digest: ref.digest, library: bodies[i]! } : { ...ref },
    );
    const { keywordLibraries: _sentApart, ...document } = policy.document;
    const message = {
      type: 'policy-push',
      version: policy.version,
      revision: policy.revision,
      document,
      libraries,
    } satisfies ServerToAgentMessage;
    return { bytes: Buffer.from(JSON.stringify(message)), inline };
  }

  private wholeFrame(policy: DevicePolicy): PolicyFrame {
    let frame = this.whole.get(policy);
    if (!frame) {
      const { libraries: _byReference, ...body } = policy;
      const message = { type: 'policy-push', ...body } satisfies ServerToAgentMessage;
      frame = { bytes: Buffer.from(JSON.stringify(message)), inline: [] };
      this.whole.set(policy, frame);
    }
    return frame;
  }
}

/** The key of the frame used least (of those used alike, the one used longest ago). */
function leastUsed(frames: ReadonlyMap<string, KeptFrame>): string {
  let victim: string | undefined;
  let worst: KeptFrame | undefined;
  for (const [key, kept] of frames) {
    if (!worst || kept.uses < worst.uses || (kept.uses === worst.uses && kept.lastUsed < worst.lastUsed)) {
      victim = key;
      worst = kept;
    }
  }
  return victim!;
}
