/**
 * The object URL each live thumbnail (by device and size) shows now. A newer frame gets its own URL and the one it
 * replaces is revoked a little later, once its <img> has moved on; closing revokes them all. Object URLs hold the
 * JPEG's memory until revoked: without this a watched room would leak a frame a second per PC.
 */
export class ThumbnailUrls {
  private readonly current = new Map<string, string>();
  private readonly revoking = new Map<ReturnType<typeof setTimeout>, string>();

  constructor(
    private readonly create: (jpeg: Uint8Array) => string,
    private readonly revoke: (url: string) => void,
    private readonly revokeAfterMs = 2000,
  ) {}

  /** A URL for this frame of `key`; the previous frame's URL is revoked after `revokeAfterMs`. */
  show(key: string, jpeg: Uint8Array): string {
    const url = this.create(jpeg);
    const old = this.current.get(key);
    this.current.set(key, url);
    if (old !== undefined) {
      const timer = setTimeout(() => {
        this.revoking.delete(timer);
        this.revoke(old);
      }, this.revokeAfterMs);
      this.revoking.set(timer, old);
    }
    return url;
  }

  close(): void {
    for (const [timer, url] of this.revoking) {
      clearTimeout(timer);
      this.revoke(url);
    }
    this.revoking.clear();
    for (const url of this.current.values()) this.revoke(url);
    this.current.clear();
  }
}
