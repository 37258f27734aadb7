import type { CapabilityStatus } from '@lookout/shared';
import type { RawScreen } from './ScreenCapture.js';

/** The text a picture of the screen shows, read by OCR on the PC (nothing leaves it but a match). */
export interface ScreenTextReader {
  /** Whether reading works here (the engine and its language data are installed), and if not, why. */
  probe(): Promise<CapabilityStatus>;
  /** The text in the picture, lines separated by newlines ('' when there is none). */
  read(picture: RawScreen): Promise<string>;
  /** Frees the engine (it is started again on the next read). */
  close(): Promise<void>;
}
