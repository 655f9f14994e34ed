/**
 * The enrolment QR code as SVG, made in main so the renderer needs no QR library and runs no code for it.
 *
 * The renderer shows it as <img src="data:image/svg+xml;base64,…">: the app's CSP already allows
 * `img-src 'self' data:`, and an SVG loaded as an image cannot run script or fetch anything. Inlining the
 * markup into the DOM (dangerouslySetInnerHTML) is not needed and should not be done.
 *
 * The QR code carries the TOTP secret: send it only to the person enrolling, once, and never log it.
 */
import QRCode from 'qrcode';

/** An SVG document of the QR code for `text` (black on white, with the 4-module quiet zone scanners need). */
export async function qrSvg(text: string): Promise<string> {
  // Level M (15 % recovery) keeps a ~120-character otpauth URI at a size phone cameras read easily from a screen.
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}

/** The same SVG as a data: URL, ready for an <img> under `img-src 'self' data:`. */
export async function qrSvgDataUrl(text: string): Promise<string> {
  return `data:image/svg+xml;base64,${Buffer.from(await qrSvg(text), 'utf8').toString('base64')}`;
}
