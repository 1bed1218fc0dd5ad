/**
 * Scratch masks for the quality verdict, reused from one verdict to the next.
 *
 * The verdict's checks make some sixty masks at the analysis size, each of
 * which lives only while the verdict runs. Made fresh, a mask costs more in
 * the system's page faults when it is first written (≈2.5 ms CPU for a
 * 384×512 plane on the bench machine) than the check's own loop over it
 * (≈0.2 ms): most of the verdict's time went there. A verdict takes its
 * masks from a MaskArena; when it settles they all go back to a small free
 * list for the next one, zeroed again when taken.
 */
import { createMask, type Mask } from '../../vision/image.js';
import { unionInto } from '../../vision/mask-ops.js';

/**
 * How many planes wait for reuse at most: a verdict takes about 20 from its
 * arena, so two running at once find theirs (≈ 25 MB at 384×512 floats).
 */
export const MAX_FREE_PLANES = 32;

/** The planes handed back by settled arenas, any size (a plane is taken only by a mask of its own length). */
const free: Float32Array[] = [];

/** Where a verdict takes its masks: each is all zeros, like createMask's, and must not outlive the arena. */
export interface MaskArena {
  mask(width: number, height: number): Mask;
}

/** A mask from `arena` when there is one, else a new one (createMask): the checks run alone in tests. */
export function scratchMask(arena: MaskArena | undefined, width: number, height: number): Mask {
  return arena ? arena.mask(width, height) : createMask(width, height);
}

/** The union (the maximum) of the masks, as unionMask makes it, in a mask of `arena`. */
export function scratchUnion(arena: MaskArena | undefined, first: Mask, ...rest: Mask[]): Mask {
  const out = scratchMask(arena, first.width, first.height);
  out.data.set(first.data);
  return unionInto(out, ...rest);
}

/**
 * Runs `work` with an arena of its own and hands the arena's planes back for
 * reuse once `work` has settled (resolved or failed): nothing `work` returns
 * may hold one of its masks.
 */
export async function withMaskArena<T>(work: (arena: MaskArena) => Promise<T>): Promise<T> {
  const arena = new PlaneArena();
  try {
    return await work(arena);
  } finally {
    for (const data of arena.taken) if (free.length < MAX_FREE_PLANES) free.push(data);
  }
}

/**
 * The arena withMaskArena hands out: a class, so every verdict's arena has
 * the same shape and the one shared `mask` method. An object literal made a
 * new `mask` closure a verdict; the checks' optimised loops that called it
 * were tied to that closure and thrown away when the verdict ended (V8's
 * "weak objects" deopt), so each verdict ran them unoptimised again.
 */
class PlaneArena implements MaskArena {
  /** The planes handed out, given back when the arena's work settles. */
  readonly taken: Float32Array[] = [];

  mask(width: number, height: number): Mask {
    const k = free.findIndex((d) => d.length === width * height);
    const data = k < 0 ? new Float32Array(width * height) : free.splice(k, 1)[0]!.fill(0);
    this.taken.push(data);
    return { width, height, data };
  }
}

/** How many planes wait for reuse now (for tests). */
export function freePlanes(): number {
  return free.length;
}
