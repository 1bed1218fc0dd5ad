/**
 * Robust statistics the stages share: medians by selection and the median
 * absolute deviation read as a standard deviation. Photos' samples carry
 * outliers (a print's dot in a skin sample, a strap in a background band), so
 * the stages estimate centres and spreads from ranks, not means. Each value
 * here is the one a full sort would give (to the bit for values without NaN
 * and −0, which a selection may order otherwise): selection only makes it
 * linear.
 */

/** The median absolute deviation of a Gaussian is 0.6745 sd: × 1.4826 reads it as the sd. */
export const MAD_TO_SD = 1.4826;

/**
 * The k-th smallest of `values` (reordered in place): Hoare's selection, the
 * value a full sort would put at k. Sorting every visible skin pixel's
 * values per channel made skinToneRange ~19 ms a run (768×1024); a selection is linear.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = 0, hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/** The median of the first `n` of `values` (reordered in place): the ⌊n/2⌋-th smallest, the upper one of an even count; 0 when empty. */
export function medianInPlace(values: Float64Array, n = values.length): number {
  return n ? kthSmallest(values.subarray(0, n), n >> 1) : 0;
}

/** The lower median of the first `n` of `values` (reordered in place): the ((n − 1) >> 1)-th smallest; NaN when empty. */
export function lowerMedianInPlace(values: Float64Array, n = values.length): number {
  return n ? kthSmallest(values.subarray(0, n), (n - 1) >> 1) : NaN;
}

/** The median (medianInPlace) of any numbers, left as they are. */
export function median(values: ArrayLike<number>): number {
  return medianInPlace(Float64Array.from(values));
}

/** The sd of `values` about `centre` from their median absolute deviation (× MAD_TO_SD); 0 when empty. */
export function madSd(values: ArrayLike<number>, centre: number): number {
  // (a plain loop: Float64Array.from with a mapping callback took ~3× the selection's own time)
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = Math.abs(values[i]! - centre);
  return medianInPlace(dev) * MAD_TO_SD;
}
