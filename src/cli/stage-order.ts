/** The engine's stages in the order they run; a job lists its timings in the order they were recorded. */
const PIPELINE = ['decode', 'pose', 'matte', 'garment_analysis', 'warp', 'composite', 'encode'];

/** Stage timings in pipeline order; stages not in the list (another engine's) come last. */
export function stagesInOrder(timings: Record<string, number>): [string, number][] {
  const rank = (stage: string) => (PIPELINE.includes(stage) ? PIPELINE.indexOf(stage) : PIPELINE.length);
  return Object.entries(timings).sort(([a], [b]) => rank(a) - rank(b));
}
