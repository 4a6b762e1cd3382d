// The app icon, drawn and PNG-encoded at build time (no image tools, no
// binary files in the repository): a white shield with a check mark on the
// brand blue. The background fills the square, so the same picture serves
// as a maskable icon (the shield stays inside the 80% safe zone).
import { deflateSync } from 'node:zlib'

type Point = readonly [number, number]

const BLUE = [0x19, 0x89, 0xfa] as const
const WHITE = [0xff, 0xff, 0xff] as const

function quad(a: Point, c: Point, b: Point, steps = 12): Point[] {
  const out: Point[] = []
  for (let i = 1; i <= steps; i++) {
    const t = i / steps
    const u = 1 - t
    out.push([u * u * a[0] + 2 * u * t * c[0] + t * t * b[0], u * u * a[1] + 2 * u * t * c[1] + t * t * b[1]])
  }
  return out
}

// Unit square coordinates, y downwards.
const SHIELD: Point[] = [
  [0.5, 0.2],
  ...quad([0.5, 0.2], [0.6, 0.26], [0.72, 0.27]),
  [0.72, 0.5],
  ...quad([0.72, 0.5], [0.7, 0.7], [0.5, 0.81]),
  ...quad([0.5, 0.81], [0.3, 0.7], [0.28, 0.5]),
  [0.28, 0.27],
  ...quad([0.28, 0.27], [0.4, 0.26], [0.5, 0.2]),
]
const CHECK: Point[] = [
  [0.4, 0.5],
  [0.475, 0.575],
  [0.61, 0.425],
]
const CHECK_HALF_WIDTH = 0.035

function nearPolyline(x: number, y: number, line: readonly Point[], r: number): boolean {
  for (let i = 1; i < line.length; i++) {
    const [ax, ay] = line[i - 1]!
    const [bx, by] = line[i]!
    const dx = bx - ax
    const dy = by - ay
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    const px = ax + t * dx - x
    const py = ay + t * dy - y
    if (px * px + py * py <= r * r) return true
  }
  return false
}

/** Where a horizontal line at y crosses the shield's outline, left to right. */
function crossings(y: number, poly: readonly Point[]): number[] {
  const xs: number[] = []
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!
    const [xj, yj] = poly[j]!
    if (yi > y !== yj > y) xs.push(((xj - xi) * (y - yi)) / (yj - yi) + xi)
  }
  return xs.sort((a, b) => a - b)
}

function colourAt(x: number, y: number, xs: readonly number[]): readonly [number, number, number] {
  let inside = false
  for (const c of xs) {
    if (c > x) break
    inside = !inside
  }
  if (!inside) return BLUE
  return nearPolyline(x, y, CHECK, CHECK_HALF_WIDTH) ? BLUE : WHITE
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** The icon as an RGB PNG of size × size pixels, 3 × 3 samples per pixel. */
export function iconPng(size: number): Buffer {
  const S = 3
  const raw = Buffer.alloc(size * (size * 3 + 1))
  for (let py = 0; py < size; py++) {
    const row = py * (size * 3 + 1)
    raw[row] = 0 // filter: none
    const ys = Array.from({ length: S }, (_, sy) => (py + (sy + 0.5) / S) / size)
    const rows = ys.map((y) => crossings(y, SHIELD))
    for (let px = 0; px < size; px++) {
      let r = 0
      let g = 0
      let b = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const c = colourAt((px + (sx + 0.5) / S) / size, ys[sy]!, rows[sy]!)
          r += c[0]
          g += c[1]
          b += c[2]
        }
      }
      const o = row + 1 + px * 3
      raw[o] = Math.round(r / (S * S))
      raw[o + 1] = Math.round(g / (S * S))
      raw[o + 2] = Math.round(b / (S * S))
    }
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array()),
  ])
}
