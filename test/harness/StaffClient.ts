import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isDeepStrictEqual } from 'node:util';
import WebSocket from 'ws';
import { Agent, fetch as pinnedFetch } from 'undici';
import {
  CommandResponse,
  DeviceActivityEvent,
  DeviceSummary,
  EnrolmentToken,
  PolicyExplanation,
  Room,
  Site,
  StaffLiveMessage,
  StaffUser,
  decodeMediaFrame,
  parseMessage,
  type DeviceThumbnailFrame,
  type CommandRequest,
  type StaffClientMessage,
  type StaffRole,
} from '@lookout/shared';
import { waitFor } from './waitFor.js';

export interface ApiResponse {
  status: number;
  body: unknown;
}

/**
 * fetch, trusting `ca` alone when given (a console serving HTTPS with its own CA); Node's own fetch takes no CA,
 * so undici's, which it is built on, does that.
 */
export function fetchTrusting(ca: string | undefined): typeof fetch {
  if (!ca) return fetch;
  const dispatcher = new Agent({ connect: { ca } });
  return ((input: string, init?: RequestInit) =>
    pinnedFetch(input, { ...(init as object), dispatcher })) as unknown as typeof fetch;
}

export interface SignInOptions {
  /** The authenticator code, for an account with a second factor. */
  code?: string;
  localAddress?: string;
  /** The CA to trust alone, for a console serving HTTPS with its own CA. */
  ca?: string | undefined;
}

/** A signed-in staff member talking to the real staff API, as a technician's script would. */
export class StaffClient {
  private readonly fetch: typeof fetch;

  private constructor(
    readonly url: string,
    /** The session cookie, for requests the helpers do not cover (binary bodies). */
    readonly cookie: string,
    /** The console's CA, when it serves HTTPS. */
    private readonly ca?: string,
  ) {
    this.fetch = fetchTrusting(ca);
  }

  static async signIn(
    url: string,
    username: string,
    password: string,
    options: SignInOptions = {},
  ): Promise<StaffClient> {
    const response = await StaffClient.attemptSignIn(url, username, password, options);
    if (response.status !== 200) {
      throw new Error(`sign-in as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    }
    return new StaffClient(url, response.cookie!, options.ca);
  }

  /**
   * One sign-in request, whatever its answer. `localAddress` (127.0.0.x) sends it from another address, as
   * another machine would: the console trusts no proxy headers.
   */
  static attemptSignIn(
    url: string,
    username: string,
    password: string,
    options: SignInOptions = {},
  ): Promise<ApiResponse & { cookie: string | undefined }> {
    const payload = JSON.stringify({ username, password, ...(options.code ? { code: options.code } : {}) });
    return new Promise((resolve, reject) => {
      const req = (url.startsWith('https:') ? httpsRequest : httpRequest)(
        `${url}/api/session`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          ...(options.localAddress ? { localAddress: options.localAddress } : {}),
          ...(options.ca ? { ca: options.ca } : {}),
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: text ? (JSON.parse(text) as unknown) : undefined,
              cookie: res.headers['set-cookie']?.[0]?.split(';')[0],
            }),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** `body` defaults to `{}` for state-changing methods: the console takes JSON only on those. */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const sent = body ?? (['GET', 'HEAD'].includes(method) ? undefined : {});
    const response = await this.fetch(`${this.url}${path}`, {
      method,
      headers: { cookie: this.cookie, ...(sent === undefined ? {} : { 'content-type': 'application/json' }) },
      body: sent === undefined ? undefined : JSON.stringify(sent),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }

  /** The response as bytes, for images, pages and PDFs. */
  async raw(method: string, path: string): Promise<{ status: number; headers: Headers; bytes: Buffer }> {
    const response = await this.fetch(`${this.url}${path}`, { method, headers: { cookie: this.cookie } });
    return { status: response.status, headers: response.headers, bytes: Buffer.from(await response.arrayBuffer()) };
  }

  private async ok(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await this.request(method, path, body);
    if (response.status >= 300)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async createEnrolmentToken(maxUses = 1): Promise<string> {
    return (await this.issueEnrolmentToken(maxUses)).token;
  }

  /** A token with what comes with it: the console's URL, CA pin and install command. */
  async issueEnrolmentToken(maxUses = 1): Promise<EnrolmentToken> {
    return EnrolmentToken.parse(await this.ok('POST', '/api/enrolment-tokens', { maxUses }));
  }

  async createUser(username: string, password: string, role: StaffRole): Promise<StaffUser> {
    return StaffUser.parse(await this.ok('POST', '/api/users', { username, password, role }));
  }

  async createSite(name: string): Promise<Site> {
    return Site.parse(await this.ok('POST', '/api/sites', { name }));
  }

  async createRoom(siteId: string, name: string, hostnamePattern?: string): Promise<Room> {
    return Room.parse(await this.ok('POST', '/api/rooms', { siteId, name, hostnamePattern }));
  }

  async placeDevice(deviceId: string, roomId: string | null): Promise<void> {
    await this.ok('PUT', `/api/devices/${deviceId}/room`, { roomId });
  }

  async assignTeachers(roomId: string, teacherIds: string[]): Promise<void> {
    await this.ok('PUT', `/api/rooms/${roomId}/teachers`, { teacherIds });
  }

  /** A site and a room holding `deviceIds`, with `teacherIds` assigned to it. */
  async classroom(name: string, deviceIds: string[], teacherIds: string[] = []): Promise<Room> {
    const site = await this.createSite(`${name} site`);
    const room = await this.createRoom(site.id, name);
    for (const id of deviceIds) await this.placeDevice(id, room.id);
    if (teacherIds.length) await this.assignTeachers(room.id, teacherIds);
    return room;
  }

  async command(request: CommandRequest): Promise<CommandResponse> {
    return CommandResponse.parse(await this.ok('POST', '/api/commands', request));
  }

  async audit(): Promise<
    { actor: string | null; action: string; target: string | null; details: Record<string, unknown> }[]
  > {
    return (await this.ok('GET', '/api/audit?limit=1000')) as never;
  }

  async metrics(): Promise<{
    devicesOnline: number;
    thumbnails: { streams: { deviceId: string; size: string }[]; framesReceived: Record<string, number> };
    liveSockets: { sockets: number; queuedBytes: number; queuedMessages: number; coalesced: number; dropped: number };
    /** PCs' policies worked out, documents compiled (memo misses) and held, policy frames pushed. */
    policy: { evaluations: number; compilations: number; documents: number; pushes: number; bytes: number };
  }> {
    return (await this.ok('GET', '/api/metrics')) as never;
  }

  async devices(): Promise<DeviceSummary[]> {
    return DeviceSummary.array().parse(await this.ok('GET', '/api/devices'));
  }

  async device(id: string): Promise<DeviceSummary> {
    return DeviceSummary.parse(await this.ok('GET', `/api/devices/${id}`));
  }

  /** All stored events of a device, oldest first (pages through the API; alerts appear as markers). */
  async allEvents(deviceId: string): Promise<DeviceActivityEvent[]> {
    const events: DeviceActivityEvent[] = [];
    let before: number | undefined;
    for (;;) {
      const page = DeviceActivityEvent.array().parse(
        await this.ok('GET', `/api/devices/${deviceId}/events?limit=1000${before ? `&beforeSeq=${before}` : ''}`),
      );
      events.push(...page);
      if (page.length < 1000) break;
      before = page[page.length - 1]!.seq;
    }
    return events.reverse();
  }

  /**
   * A sentinel for checks that something did *not* happen: asks the PC to do something that must be recorded (a
   * harmless message, whose `command-handled` event the agent records after carrying it out) and waits until that
   * event is stored. A device's events are stored in the order the agent recorded them (and alerts go ahead of
   * them), so anything the agent recorded before the sentinel has arrived by then. Needs a staff member who may
   * command the device (admin, technician, or the room's teacher).
   */
  async sentinel(deviceId: string, timeoutMs = 10_000): Promise<DeviceActivityEvent> {
    const { commandId, results } = await this.command({
      deviceIds: [deviceId],
      command: { name: 'message', text: 'Lookout test sentinel' },
    });
    const status = results[0]?.status;
    if (status === 'offline' || status === 'skipped') throw new Error(`sentinel: device ${deviceId} is ${status}`);
    return waitFor(
      `the sentinel ${commandId} from the PC`,
      async () =>
        (await this.allEvents(deviceId)).find(
          (e) => e.type === 'command-handled' && (e.payload as { commandId: string }).commandId === commandId,
        ),
      { timeoutMs },
    );
  }

  /** Creates a policy and assigns it to the whole school; returns its id. */
  async schoolPolicy(name: string, document: unknown, reason: string): Promise<string> {
    const { id } = (await this.ok('POST', '/api/policies', { name, document, reason })) as { id: string };
    await this.ok('POST', '/api/policy-assignments', { policyId: id, scope: 'school', reason });
    return id;
  }

  /** Whether the PC reports running the policy revision the console wants it to. */
  async runsCurrentPolicy(deviceId: string): Promise<boolean> {
    return PolicyExplanation.parse(await this.ok('GET', `/api/devices/${deviceId}/policy`)).upToDate;
  }

  async revoke(deviceId: string): Promise<void> {
    await this.ok('POST', `/api/devices/${deviceId}/revoke`);
  }

  /**
   * Opens the staff live socket with this session and records what it receives; it follows what `follow` asks
   * (each request applied, and its snapshot received, before this returns). Following nothing, it receives
   * control messages only.
   */
  async openLive(...follow: StaffClientMessage[]): Promise<LiveRecorder> {
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}/api/live`, {
      headers: { cookie: this.cookie },
      ...(this.ca ? { ca: this.ca } : {}),
    });
    const recorder = new LiveRecorder(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    for (const message of follow) await recorder.follow(message);
    return recorder;
  }
}

/** A live screen image as the console relays it (a binary media frame); its JPEG in base64 for the image helpers. */
export interface RelayedThumbnail extends Omit<DeviceThumbnailFrame, 'kind' | 'jpeg'> {
  type: 'device-thumbnail';
  jpeg: string;
}

/** Every message the live socket delivered, validated by the shared schema (media frames by their codec). */
export class LiveRecorder {
  readonly messages: (StaffLiveMessage | RelayedThumbnail)[] = [];
  readonly invalid: string[] = [];
  /** Resolves when the server (or the test) closes the socket, with the close code and reason. */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Set once closed. */
  closedWith: { code: number; reason: string } | undefined;

  constructor(private readonly socket: WebSocket) {
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
      }),
    );
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        const media = decodeMediaFrame(data as Buffer, ['device-thumbnail']);
        if (!media.ok) return void this.invalid.push(media.message);
        const { kind: _kind, jpeg, ...header } = media.value;
        this.messages.push({ type: 'device-thumbnail', ...header, jpeg: Buffer.from(jpeg).toString('base64') });
        return;
      }
      const parsed = parseMessage(StaffLiveMessage, data.toString());
      if (parsed.ok) this.messages.push(parsed.value);
      else this.invalid.push(parsed.message);
    });
  }

  send(message: StaffClientMessage): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends a subscription message and waits until the console says it took effect (after its snapshot). */
  async follow(message: StaffClientMessage): Promise<void> {
    const from = this.messages.length;
    this.send(message);
    await this.waitFor(`the console to apply ${message.type}`, () => {
      const rest = this.messages.slice(from);
      const refused = rest.find((m) => m.type === 'error');
      if (refused?.type === 'error') throw new Error(`${message.type} refused: ${refused.code}: ${refused.message}`);
      return rest.some((m) => m.type === 'subscription-applied' && isDeepStrictEqual(m.request, message));
    });
  }

  /** The devices of the latest complete snapshot of this kind of view (frames joined), and its total. */
  snapshot(kind: 'list' | 'room' = 'list'): { devices: DeviceSummary[]; total: number } | undefined {
    const frames = this.messages.flatMap((m) => (m.type === 'device-snapshot' && m.of.kind === kind ? [m] : []));
    const lastIndex = frames.findLastIndex((f) => f.last);
    if (lastIndex < 0) return undefined;
    let first = lastIndex;
    while (first > 0 && !frames[first - 1]!.last) first--;
    const parts = frames.slice(first, lastIndex + 1);
    return { devices: parts.flatMap((f) => f.devices), total: parts[0]!.total };
  }

  thumbnails(deviceId: string, size: 'small' | 'large' = 'small') {
    return this.messages.flatMap((m) =>
      m.type === 'device-thumbnail' && m.deviceId === deviceId && m.size === size ? [m] : [],
    );
  }

  errors(): string[] {
    return this.messages.flatMap((m) => (m.type === 'error' ? [`${m.code}: ${m.message}`] : []));
  }

  windowTitles(deviceId: string): string[] {
    return this.messages.flatMap((m) =>
      m.type === 'device-event' && m.event.deviceId === deviceId && m.event.type === 'window-changed'
        ? [m.event.payload.title]
        : [],
    );
  }

  waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    return waitFor(what, probe, { timeoutMs });
  }

  /**
   * Stops reading the socket, as a browser on a slow link or a stalled tab would: what the console sends piles up
   * in the TCP buffers and then in the console, until `resume`.
   */
  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  close(): void {
    this.socket.close();
  }
}
