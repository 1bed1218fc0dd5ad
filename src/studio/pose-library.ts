/**
 * The preset pose library (GET /pose/library): keypoint sets with the
 * document's model_category (Women, Men, Child, Infant) and prompt_type
 * (fullbody, head_half_cropped, top, bottom, close_up_upper_body,
 * close_up_lower_body), each drawn from its keypoints as a sketch (a line
 * skeleton) and a reference (a filled mannequin) by sharp from SVG.
 *
 * The presets are pose-library.json, made by scripts/build-pose-library.ts
 * from the poses read on the fixture photos of the tune half, mirrored,
 * re-proportioned for children and infants and re-framed per prompt type;
 * no photo is in the repository, only the keypoints.
 */
import sharp from 'sharp';
import type { Keypoint, PoseLandmark } from '../vision/person-analysis.js';
import library from './pose-library.json' with { type: 'json' };
import { posePrompt, type PoseFrame } from './pose-geometry.js';

export const MODEL_CATEGORIES = ['Women', 'Men', 'Child', 'Infant'] as const;
export const PROMPT_TYPES = ['fullbody', 'head_half_cropped', 'top', 'bottom', 'close_up_upper_body', 'close_up_lower_body'] as const;
export type ModelCategory = (typeof MODEL_CATEGORIES)[number];
export type PromptType = (typeof PROMPT_TYPES)[number];

/** The joints a preset keeps, [x, y] as shares of the picture's width and height (outside 0–1: cut off by the frame). */
export type PresetPoints = Partial<Record<PoseLandmark, [number, number]>>;

export interface PosePreset {
  pose_id: string;
  pose_name: string;
  model_category: ModelCategory;
  prompt_type: PromptType;
  points: PresetPoints;
}

/** The sketches' size, px (3:4, a catalogue photo's shape). */
export const SKETCH_SIZE = { width: 384, height: 512 } as const;

const PRESETS = library.poses as PosePreset[];

/** The bones a sketch draws, joint to joint. */
const BONES: [PoseLandmark, PoseLandmark][] = [
  ['leftShoulder', 'rightShoulder'], ['leftShoulder', 'leftElbow'], ['leftElbow', 'leftWrist'], ['rightShoulder', 'rightElbow'], ['rightElbow', 'rightWrist'],
  ['leftShoulder', 'leftHip'], ['rightShoulder', 'rightHip'], ['leftHip', 'rightHip'], ['leftHip', 'leftKnee'], ['leftKnee', 'leftAnkle'],
  ['rightHip', 'rightKnee'], ['rightKnee', 'rightAnkle'],
];

export function presets(filter: { modelCategory?: string | undefined; promptType?: string | undefined }): PosePreset[] {
  return PRESETS.filter(
    (preset) =>
      (filter.modelCategory === undefined || preset.model_category.toLowerCase() === filter.modelCategory.toLowerCase()) &&
      (filter.promptType === undefined || preset.prompt_type === filter.promptType),
  );
}

export function preset(poseId: string): PosePreset | undefined {
  return PRESETS.find((each) => each.pose_id === poseId);
}

/** A preset as a pose frame (every kept joint fully seen), for the pose prompt. */
export function presetFrame(preset: PosePreset): PoseFrame {
  const { width, height } = SKETCH_SIZE;
  const keypoints = {} as Record<PoseLandmark, Keypoint>;
  const unseen: Keypoint = { x: -width, y: -height, z: 0, score: 0 };
  for (const [name, point] of Object.entries(preset.points) as [PoseLandmark, [number, number]][]) {
    keypoints[name] = { x: point[0] * width, y: point[1] * height, z: 0, score: 1 };
  }
  return { width, height, keypoints: new Proxy(keypoints, { get: (target, name: PoseLandmark) => target[name] ?? unseen }) };
}

export function presetPrompt(preset: PosePreset): string {
  return posePrompt(presetFrame(preset));
}

/** The SVG of a preset: 'sketch' draws the skeleton in lines, 'reference' a filled mannequin. */
function svgOf(preset: PosePreset, style: 'sketch' | 'reference'): string {
  const { width, height } = SKETCH_SIZE;
  const at = (name: PoseLandmark) => preset.points[name]?.map((v, i) => v * (i === 0 ? width : height)) as [number, number] | undefined;
  const [stroke, lineWidth, background] = style === 'sketch' ? ['#1d3557', 6, '#ffffff'] : ['#9c8570', 26, '#efe9e1'];
  const lines = BONES.map(([a, b]) => [at(a), at(b)])
    .filter((pair): pair is [[number, number], [number, number]] => pair[0] !== undefined && pair[1] !== undefined)
    .map(([a, b]) => `<line x1="${a[0].toFixed(1)}" y1="${a[1].toFixed(1)}" x2="${b[0].toFixed(1)}" y2="${b[1].toFixed(1)}"/>`);
  const nose = at('nose'), left = at('leftShoulder'), right = at('rightShoulder');
  const head = nose === undefined || left === undefined || right === undefined ? '' : headCircle(nose, left, right, style === 'sketch' ? 'none' : stroke);
  const joints = style === 'sketch' ? Object.keys(preset.points).map((name) => at(name as PoseLandmark)!).map(([x, y]) => `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5" fill="#e63946"/>`) : [];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${background}"/>
<g stroke="${stroke}" stroke-width="${lineWidth}" stroke-linecap="round" fill="none">${lines.join('')}${head}</g>${joints.join('')}</svg>`;
}

/** A head drawn around the nose, sized from the shoulders (a head is ~0.45 shoulder widths across). */
function headCircle(nose: [number, number], left: [number, number], right: [number, number], fill: string): string {
  const shoulders = Math.hypot(left[0] - right[0], left[1] - right[1]);
  const radius = Math.max(8, 0.3 * shoulders);
  const neck = [(left[0] + right[0]) / 2, (left[1] + right[1]) / 2];
  const chin = nose[1] + 0.8 * radius;
  return `<line x1="${neck[0]!.toFixed(1)}" y1="${neck[1]!.toFixed(1)}" x2="${nose[0].toFixed(1)}" y2="${chin.toFixed(1)}"/><circle cx="${nose[0].toFixed(1)}" cy="${(nose[1] - 0.2 * radius).toFixed(1)}" r="${radius.toFixed(1)}" fill="${fill}"/>`;
}

/** The preset's picture as PNG; at most 2 × the library's size, so the cache is bounded. */
export class PresetPictures {
  private readonly cache = new Map<string, Promise<Buffer>>();

  png(preset: PosePreset, style: 'sketch' | 'reference'): Promise<Buffer> {
    const key = `${preset.pose_id}/${style}`;
    let picture = this.cache.get(key);
    if (picture === undefined) {
      picture = sharp(Buffer.from(svgOf(preset, style))).png({ compressionLevel: 9, palette: true }).toBuffer();
      picture.catch(() => this.cache.delete(key));
      this.cache.set(key, picture);
    }
    return picture;
  }
}
