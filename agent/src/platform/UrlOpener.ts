/** Opens a web address in the user's default browser. */
export interface UrlOpener {
  open(url: string): Promise<void>;
}
