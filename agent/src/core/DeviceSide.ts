import type {
  AgentEventPayload,
  BridgeExchange,
  CapabilityReport,
  CategoryList,
  Command,
  ConcernForm,
  KeywordMatchedPayload,
  SessionEventDraft,
} from '@lookout/shared';
import type { AgentPolicy } from './AgentPolicy.js';
import type { CommandOutcome } from './CommandHandler.js';
import type { EvidenceRefusal, EvidenceUpload, ThumbnailUpload } from './Uplink.js';

export type SessionEventType = SessionEventDraft['type'];

/** A policy as the console pushed it (the document, its version and revision). */
export interface PushedPolicy {
  version: number;
  revision?: string;
  document: Record<string, unknown>;
}

/**
 * What the user's side of the agent (window, input, screenshots, pages, browser bridge) needs from the PC's side
 * (credential, outbox, uplink, policy cache, category lists): in-process for the single-process agent, the
 * service over the local channel for a session agent. Events are stamped by the PC's side, never here.
 */
export interface DeviceSide {
  readonly consoleReady: boolean;
  onConsoleReady(listener: (ready: boolean) => void): void;
  /** Records an event about the user at this PC; resolves with its id. */
  record<T extends SessionEventType>(type: T, payload: AgentEventPayload<T>): Promise<string>;
  /** An alert, recorded and sent ahead of the backlog; resolves with its id (for its evidence). */
  raiseAlert(payload: KeywordMatchedPayload): Promise<string>;
  sendEvidence(evidence: EvidenceUpload): boolean;
  onEvidenceAck(handler: (id: string, refused?: EvidenceRefusal) => void): void;
  sendThumbnail(frame: ThumbnailUpload): void;
  /** Whether the concern reached the console now (it is kept until acknowledged either way). */
  reportConcern(form: ConcernForm): Promise<boolean>;
  /** The policy in force at start (the cache), if any. */
  readonly initialPolicy: PushedPolicy | undefined;
  onPolicy(handler: (pushed: PushedPolicy) => void): void;
  /** The user's side enforces `pushed` now (its filter is built): the PC's side may keep it and say so. */
  policyEnforced(pushed: PushedPolicy, policy: AgentPolicy): Promise<void>;
  categoryLists(refs: readonly { category: string; revision: string }[]): Promise<CategoryList[]>;
  handleCommandsWith(handler: (id: string, command: Command) => Promise<CommandOutcome>): void;
  /** Notices the PC's side has for the user (removable media). */
  onNotify(handler: (title: string, text: string) => void): void;
  /** What this user's side can do, for the console. */
  setCapabilities(capabilities: CapabilityReport): void;
  start(): void;
  stop(): Promise<void>;
  /**
   * The public key (base64 SPKI) the browser extension checks the bridge's answers with: the PC's side's (root's),
   * undefined where it vouches for nothing.
   */
  readonly bridgeKey?: string | undefined;
  /**
   * The PC's side's signature over a bridge exchange (the request's nonce, method, path and body digest, the answer's
   * status and body digest), or undefined if refused. Absent: nothing vouches (the single-process development agent).
   */
  vouchForBridge?(exchange: BridgeExchange): Promise<string | undefined>;
}
