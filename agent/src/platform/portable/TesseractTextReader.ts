import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type Tesseract from 'tesseract.js';
import type { CapabilityStatus } from '@lookout/shared';
import type { RawScreen } from '../ScreenCapture.js';
import type { ScreenTextReader } from '../ScreenTextReader.js';

/** Where distributions install Tesseract's language data (Debian 12: tesseract-ocr-eng; Ubuntu 22.04; Fedora). */
const TESSDATA_DIRS = [
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
  '/usr/share/tessdata',
];

/**
 * The text on screen read by Tesseract (tesseract.js: the C++ engine compiled to WebAssembly, in a worker thread
 * of the agent, so no process is started per read) with language data from the OS's package (Debian's
 * tesseract-ocr-eng) or a folder named by LOOKOUT_TESSDATA: nothing is downloaded, ever. The worker starts on
 * the first read and is kept (starting it costs about as much as a read); LSTM only, the engine the packaged
 * "fast" models carry. Languages: LOOKOUT_OCR_LANGUAGES ("eng", or e.g. "eng+cym+pol"; each costs time).
 */
export class TesseractTextReader implements ScreenTextReader {
  private worker: Promise<Tesseract.Worker> | undefined;
  private readonly languages: string[];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {
    this.languages = (env.LOOKOUT_OCR_LANGUAGES || 'eng').split('+').filter((l) => /^[a-z_]{3,16}$/i.test(l));
  }

  async probe(): Promise<CapabilityStatus> {
    const dir = await this.dataDir();
    if (dir) return { available: true };
    return {
      available: false,
      reason: `no Tesseract language data for ${this.languages.join('+')} (install tesseract-ocr-eng, or set LOOKOUT_TESSDATA)`,
    };
  }

  async read(picture: RawScreen): Promise<string> {
    const worker = await this.started();
    try {
      const result = await worker.recognize(greyPgm(picture));
      return result.data.text;
    } catch (err) {
      // A worker that failed once is not trusted again: the next read starts a fresh one.
      await this.close();
      throw err;
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.then(
      (w) => w.terminate(),
      () => undefined,
    );
  }

  private started(): Promise<Tesseract.Worker> {
    this.worker ??= (async () => {
      const langPath = await this.dataDir();
      if (!langPath) throw new Error((await this.probe()).reason);
      // Loaded on first use: a PC whose policy reads no on-screen text never holds the engine's code.
      const { createWorker, OEM, PSM } = (await import('tesseract.js')).default;
      const worker = await createWorker(this.languages, OEM.LSTM_ONLY, {
        langPath,
        gzip: false,
        cacheMethod: 'none', // read the packaged file in place; write no copy of it anywhere
      });
      // A screen is a page of blocks in any layout: let Tesseract find them.
      // Its remarks ("Estimating resolution as …") go nowhere rather than into the agent's log once a read.
      await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
      return worker;
    })().catch((err: Error) => {
      this.worker = undefined;
      throw err;
    });
    return this.worker;
  }

  /** The first folder holding every language's data, or undefined. */
  private async dataDir(): Promise<string | undefined> {
    const dirs = this.env.LOOKOUT_TESSDATA ? [this.env.LOOKOUT_TESSDATA] : TESSDATA_DIRS;
    for (const dir of dirs) {
      const found = await Promise.all(
        this.languages.map((l) =>
          access(join(dir, `${l}.traineddata`)).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (this.languages.length > 0 && found.every(Boolean)) return dir;
    }
    return undefined;
  }
}

/**
 * The picture as an 8-bit grey PGM, which Tesseract's image library reads as it is: the engine works on grey
 * anyway, and nothing is compressed only to be decompressed again.
 */
export function greyPgm({ pixels, width, height, order }: RawScreen): Buffer {
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const out = Buffer.allocUnsafe(header.length + width * height);
  header.copy(out, 0);
  const [r, b] = order === 'rgbx' ? [0, 2] : [2, 0];
  for (let i = 0, o = header.length, n = width * height * 4; i < n; i += 4, o++) {
    // ITU-R BT.601 luma in integers.
    out[o] = (pixels[i + r]! * 77 + pixels[i + 1]! * 150 + pixels[i + b]! * 29) >> 8;
  }
  return out;
}
