import { createHash } from 'node:crypto';
import { escapeHtml } from '@lookout/shared';

/** A headed section of label/value rows: the one model every report is written in, for HTML and PDF alike. */
export interface RecordSection {
  heading: string;
  rows: [string, string][];
  paragraphs?: string[];
  /** Screenshots the DSL chose to include (JPEG or PNG), each with what it is. */
  images?: { caption: string; bytes: Buffer }[];
}

/** A report as it is printed: a title line, an optional warning banner, and its sections. */
export interface ReportDocument {
  /** The browser tab's and PDF's title. */
  title: string;
  heading: string;
  /** A line in red under the heading (confidentiality, who exported it). */
  banner?: string;
  /** A plain line under the heading (the period covered). */
  subheading?: string;
  sections: RecordSection[];
}

const REPORT_STYLE = `
body{font-family:system-ui,'Segoe UI',Roboto,sans-serif;color:#1d2330;margin:2rem;font-size:11pt}
h1{font-size:16pt;margin:0}h2{font-size:12pt;border-bottom:1px solid #99a;margin-top:1.5rem}
table{border-collapse:collapse;width:100%}th{text-align:left;vertical-align:top;width:28%;padding:.2rem .5rem .2rem 0;font-weight:600}
td{padding:.2rem 0;white-space:pre-wrap}figure{margin:.6rem 0}img{max-width:100%;max-height:24rem;border:1px solid #99a}.banner{border:2px solid #a00;color:#a00;padding:.4rem;margin:.6rem 0;font-weight:600}
@media print{body{margin:0}section{break-inside:avoid-page}}
`;

/**
 * A report's own policy: no scripts, nothing loaded, only its one stylesheet (by hash, not 'unsafe-inline'),
 * never framed. Sent as the response header; the page carries it too for a copy saved to disk.
 */
const REPORT_CSP_META = `default-src 'none'; img-src data:; style-src 'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`;
export const REPORT_CSP = `${REPORT_CSP_META}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

/** A self-contained printable page (no scripts, no external resources); print it to PDF from any browser. */
export function reportHtml(doc: ReportDocument): string {
  const body = doc.sections
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>${(s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}<table>${s.rows
          .map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`)
          .join('')}</table>${(s.images ?? [])
          .filter((i) => imageType(i.bytes))
          .map(
            (i) =>
              `<figure><img src="data:${imageType(i.bytes)};base64,${i.bytes.toString('base64')}" alt="${escapeHtml(i.caption)}"><figcaption>${escapeHtml(i.caption)}</figcaption></figure>`,
          )
          .join('')}</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP_META}">
<title>${escapeHtml(doc.title)}</title>
<style>${REPORT_STYLE}</style></head><body>
<h1>${escapeHtml(doc.heading)}</h1>
${doc.subheading ? `<p>${escapeHtml(doc.subheading)}</p>\n` : ''}${doc.banner ? `<p class="banner">${escapeHtml(doc.banner)}</p>\n` : ''}${body}
</body></html>`;
}

/** The same report as a PDF (pdfkit), for a document sent on or filed. */
export async function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const pdf = new PDFDocument({ size: 'A4', margin: 50, info: { Title: pdfSafe(doc.title) } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.font('Helvetica-Bold').fontSize(16).text(pdfSafe(doc.heading));
  if (doc.subheading) pdf.moveDown(0.2).font('Helvetica').fontSize(10).text(pdfSafe(doc.subheading));
  if (doc.banner) {
    pdf.moveDown(0.3).font('Helvetica-Bold').fontSize(10).fillColor('#aa0000');
    pdf.text(pdfSafe(doc.banner));
    pdf.fillColor('#000000');
  }
  for (const s of doc.sections) {
    pdf.moveDown(0.8).font('Helvetica-Bold').fontSize(12).text(pdfSafe(s.heading));
    pdf.moveDown(0.2).fontSize(9.5);
    for (const p of s.paragraphs ?? []) pdf.font('Helvetica').text(pdfSafe(p)).moveDown(0.3);
    for (const [k, v] of s.rows) {
      pdf.font('Helvetica-Bold').text(pdfSafe(k), { continued: false });
      pdf.font('Helvetica').text(pdfSafe(v), { indent: 12 });
    }
    for (const image of s.images ?? []) {
      if (!imageType(image.bytes)) continue;
      pdf.moveDown(0.4);
      if (pdf.y > pdf.page.height - 360) pdf.addPage();
      let caption = image.caption;
      try {
        pdf.image(image.bytes, { fit: [495, 300] });
      } catch {
        // A damaged image must not cost the DSL the whole record: its hash and this note stand in for it.
        caption = `${caption} (the image could not be read; its hash above identifies the file held)`;
      }
      pdf.moveDown(0.2).font('Helvetica-Oblique').fontSize(8.5).text(pdfSafe(caption)).fontSize(9.5);
    }
  }
  pdf.end();
  return done;
}

/** JPEG and PNG go into reports (what screenshots are); anything else is left out rather than mis-shown. */
function imageType(bytes: Buffer): 'image/jpeg' | 'image/png' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return undefined;
}

/** The standard PDF fonts cover Latin-1 only: other characters would come out as garbage. */
function pdfSafe(text: string): string {
  return text.normalize('NFKC').replace(/[^\n\x20-\x7e\xa0-\xff\u2013\u2014\u2018\u2019\u201c\u201d]/g, '?');
}
