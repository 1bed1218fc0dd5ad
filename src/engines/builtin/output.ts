/** Result background (keep, remove → alpha, or a colour) and output size. */
import sharp from 'sharp';
import { DrapeError } from '../../errors.js';
import type { RawImage, TryOnOptions } from '../engine.js';
import type { PersonAnalysis } from '../../vision/person-analysis.js';
import type { Mask } from '../../vision/image.js';
import { resizeMask } from '../../vision/mask-ops.js';
import { layerIndex, type GarmentLayer } from './warp-render.js';

function parseColour(value: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{6})$/i.exec(value);
  if (!m) return null;
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * `extraForeground` (any size, resized): more foreground for 'remove' and
 * colour backgrounds, beyond the person matte and the garment layers (refine:
 * where the coarse result's pixels were taken, a longer dress off the body).
 */
export async function finishImage(image: RawImage, person: PersonAnalysis, layers: GarmentLayer[], options: TryOnOptions, extraForeground?: Mask): Promise<RawImage> {
  let out = image;
  const bg = options.resultBackground;
  if (bg !== 'keep') {
    const colour = bg === 'remove' ? null : parseColour(bg);
    if (bg !== 'remove' && !colour) {
      throw new DrapeError('invalid_parameter', `resultBackground must be keep, remove or #rrggbb (got ${bg}).`, { retryable: false, field: 'resultBackground' });
    }
    // foreground = person matte ∪ the new garments (sleeves may stand off the body)
    const matte = resizeMask(person.matte, image.width, image.height).data;
    const extra = extraForeground ? resizeMask(extraForeground, image.width, image.height).data : null;
    const n = image.width * image.height;
    const alpha = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      let a = extra ? Math.max(matte[i]!, Math.min(1, extra[i]!)) : matte[i]!;
      for (const l of layers) {
        const li = layerIndex(l, i % image.width, Math.floor(i / image.width));
        if (li >= 0) a = Math.max(a, l.alpha[li]!);
      }
      alpha[i] = a;
    }
    if (colour) {
      const data = new Uint8Array(n * 3);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++) data[i * 3 + c] = Math.round(image.data[i * 3 + c]! * alpha[i]! + colour[c]! * (1 - alpha[i]!));
      }
      out = { width: image.width, height: image.height, channels: 3, data };
    } else {
      const data = new Uint8Array(n * 4);
      for (let i = 0; i < n; i++) {
        data[i * 4] = image.data[i * 3]!;
        data[i * 4 + 1] = image.data[i * 3 + 1]!;
        data[i * 4 + 2] = image.data[i * 3 + 2]!;
        data[i * 4 + 3] = Math.round(alpha[i]! * 255);
      }
      out = { width: image.width, height: image.height, channels: 4, data };
    }
  }
  const size = options.outputSize;
  if (size && (size.width !== out.width || size.height !== out.height)) {
    const { data, info } = await sharp(out.data, { raw: { width: out.width, height: out.height, channels: out.channels } })
      .resize(size.width, size.height, { fit: 'inside' })
      .raw()
      .toBuffer({ resolveWithObject: true });
    out = { width: info.width, height: info.height, channels: info.channels as 3 | 4, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }
  return out;
}
