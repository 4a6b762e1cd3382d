// The QR code of the printed 备案表. The encoder is imported on demand: only
// this page needs it, and it would otherwise weigh on every first load.

/**
 * An SVG image (as a data URL, which the CSP allows for img-src) of `text`.
 * Black on an opaque white ground with the standard four-module quiet zone,
 * whatever the page's colours: phone cameras read dark on light, and a
 * transparent ground would print as whatever the paper is. Level M survives
 * a crease or a smudge and still keeps the modules large at 30 mm.
 */
export async function qrDataUrl(text: string): Promise<string> {
  const { toString } = await import('qrcode')
  const svg = await toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 4,
    color: { dark: '#000000ff', light: '#ffffffff' },
  })
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
}
