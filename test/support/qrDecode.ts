import { createRequire } from 'node:module';

// jsqr is a CommonJS bundle whose function sits on `.default`; require() reads it the same way under any loader.
type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = (createRequire(import.meta.url)('jsqr') as { default: JsQr }).default;

/**
 * Rasterizes the SVG the way a screen would (the dark path is runs of horizontal 1-module strokes: "M x y",
 * "m dx 0", "h n"), then decodes it with a QR reader, as a phone camera would.
 */
export function decodeSvgQr(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) throw new Error('unexpected SVG shape');
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  let consumed = 0;
  for (const m of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    consumed += m[0].length;
    const a = Number(m[2]);
    if (m[1] === 'M') {
      x = a;
      y = Math.floor(Number(m[3]));
    } else if (m[1] === 'm') {
      x += a;
    } else {
      for (let i = 0; i < a; i++) dark.add(`${x + i},${y}`);
      x += a;
    }
  }
  if (consumed !== d.length) throw new Error('unparsed path commands');
  const scale = 4;
  const px = size * scale;
  const rgba = new Uint8ClampedArray(px * px * 4);
  for (let row = 0; row < px; row++) {
    for (let col = 0; col < px; col++) {
      const v = dark.has(`${Math.floor(col / scale)},${Math.floor(row / scale)}`) ? 0 : 255;
      rgba.set([v, v, v, 255], (row * px + col) * 4);
    }
  }
  return jsQR(rgba, px, px)?.data ?? null;
}

/** The text of a QR code given as a data:image/svg+xml;base64 URL (as the enrolment screen shows it). */
export function decodeQrDataUrl(url: string): string | null {
  const prefix = 'data:image/svg+xml;base64,';
  if (!url.startsWith(prefix)) throw new Error('not an SVG data URL');
  return decodeSvgQr(Buffer.from(url.slice(prefix.length), 'base64').toString('utf8'));
}
