/**
 * Image comparison figures for the quality review: SSIM (on luma, 8×8
 * windows with stride 4, the usual constants) and mean absolute change
 * inside/outside a mask.
 */
import { luma, type Mask, type RgbImage } from './image.js';


/** Mean SSIM over windows; with `within`, only windows whose centre is in the mask. */
export function ssim(a: RgbImage, b: RgbImage, within?: Mask): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('ssim: size mismatch');
  const la = luma(a), lb = luma(b);
  const w = a.width, h = a.height;
  const C1 = (0.01 * 255) ** 2, C2 = (0.03 * 255) ** 2;
  const win = 8, stride = 4;
  let sum = 0, count = 0;
  for (let y = 0; y + win <= h; y += stride) {
    for (let x = 0; x + win <= w; x += stride) {
      if (within && within.data[(y + win / 2) * w + x + win / 2]! < 0.5) continue;
      let ma = 0, mb = 0;
      for (let j = 0; j < win; j++) for (let i = 0; i < win; i++) { ma += la[(y + j) * w + x + i]!; mb += lb[(y + j) * w + x + i]!; }
      ma /= win * win; mb /= win * win;
      let va = 0, vb = 0, cov = 0;
      for (let j = 0; j < win; j++) {
        for (let i = 0; i < win; i++) {
          const da = la[(y + j) * w + x + i]! - ma, db = lb[(y + j) * w + x + i]! - mb;
          va += da * da; vb += db * db; cov += da * db;
        }
      }
      const n = win * win - 1;
      va /= n; vb /= n; cov /= n;
      sum += ((2 * ma * mb + C1) * (2 * cov + C2)) / ((ma * ma + mb * mb + C1) * (va + vb + C2));
      count++;
    }
  }
  return count ? sum / count : 1;
}

/** Mean absolute per-channel change (0..255) over pixels where `region` is < 0.5 (outside) or ≥ 0.5 (inside). */
export function meanAbsChange(a: RgbImage, b: RgbImage, region: Mask, inside: boolean): number {
  const n = a.width * a.height;
  let sum = 0, count = 0;
  for (let i = 0; i < n; i++) {
    if ((region.data[i]! >= 0.5) !== inside) continue;
    for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i * a.channels + c]! - b.data[i * b.channels + c]!);
    count += 3;
  }
  return count ? sum / count : 0;
}
