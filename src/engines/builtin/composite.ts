/**
 * Compositing one garment pass at full resolution:
 *   1. the old garment's uncovered part is replaced by the skin/background fill;
 *   2. the new garment, shaded, goes over with its anti-aliased alpha;
 *   3. protected layers (face, hair, hands, feet, the other garment, arms in
 *      front of the torso) keep their original pixels.
 * Pixels outside the old garment and the new one are never written.
 */
import type { Mask } from '../../vision/image.js';
import { resizeMask } from '../../vision/mask-ops.js';
import type { FillPlanes } from './removal.js';
import type { GarmentLayer } from './warp-render.js';

export interface PassMasks {
  /** All at the analysis size. */
  oldCloth: Mask;
  protect: Mask;
  /** Applies to the panel only: arms hanging in front of the torso. */
  armsFront: Mask;
  shading: Float32Array;
  fills: FillPlanes;
}

/** Bilinear sample of a 3-float-per-pixel plane at analysis coords (u, v). */
function samplePlane(plane: Float32Array, w: number, h: number, u: number, v: number, out: Float32Array): void {
  const fx = Math.max(0, Math.min(w - 1.001, u)), fy = Math.max(0, Math.min(h - 1.001, v));
  const x0 = Math.floor(fx), y0 = Math.floor(fy);
  const tx = fx - x0, ty = fy - y0;
  const i00 = (y0 * w + x0) * 3, i01 = i00 + 3, i10 = i00 + w * 3, i11 = i10 + 3;
  for (let c = 0; c < 3; c++) {
    out[c] = (plane[i00 + c]! * (1 - tx) + plane[i01 + c]! * tx) * (1 - ty) + (plane[i10 + c]! * (1 - tx) + plane[i11 + c]! * tx) * ty;
  }
}

/**
 * Composites in place into `out` (RGB, channels 3, the person's size).
 * Returns the full-resolution mask of changed pixels (for diagnostics and figures).
 */
export function compositePass(out: Uint8Array, width: number, height: number, layer: GarmentLayer, m: PassMasks): Float32Array {
  const aw = m.oldCloth.width, ah = m.oldCloth.height;
  const old = resizeMask(m.oldCloth, width, height).data;
  const protect = resizeMask(m.protect, width, height).data;
  const arms = resizeMask(m.armsFront, width, height).data;
  const body = resizeMask(m.fills.body, width, height).data;
  const shade = resizeMask({ width: aw, height: ah, data: m.shading }, width, height).data;
  const changed = new Float32Array(width * height);
  const sx = aw / width, sy = ah / height;
  const skinPx = new Float32Array(3), bgPx = new Float32Array(3);
  for (let y = 0; y < height; y++) {
    const v = (y + 0.5) * sy - 0.5;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const keep = protect[i]!;
      let a = layer.alpha[i]! * (1 - keep);
      if (layer.part[i] === 1) a *= 1 - arms[i]!;
      const removal = old[i]! * (1 - a) * (1 - keep);
      if (a <= 0.002 && removal <= 0.002) continue;
      const p = i * 3;
      let r = out[p]!, g = out[p + 1]!, b = out[p + 2]!;
      if (removal > 0.002) {
        const u = (x + 0.5) * sx - 0.5;
        samplePlane(m.fills.skin, aw, ah, u, v, skinPx);
        samplePlane(m.fills.background, aw, ah, u, v, bgPx);
        const bw = body[i]!;
        r += ((skinPx[0]! * bw + bgPx[0]! * (1 - bw)) - r) * removal;
        g += ((skinPx[1]! * bw + bgPx[1]! * (1 - bw)) - g) * removal;
        b += ((skinPx[2]! * bw + bgPx[2]! * (1 - bw)) - b) * removal;
      }
      if (a > 0.002) {
        const s = shade[i]!;
        r += (Math.min(255, layer.rgb[p]! * s) - r) * a;
        g += (Math.min(255, layer.rgb[p + 1]! * s) - g) * a;
        b += (Math.min(255, layer.rgb[p + 2]! * s) - b) * a;
      }
      out[p] = Math.round(r);
      out[p + 1] = Math.round(g);
      out[p + 2] = Math.round(b);
      changed[i] = Math.max(a, removal);
    }
  }
  return changed;
}
