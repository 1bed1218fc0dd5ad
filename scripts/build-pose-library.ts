/**
 * Builds src/studio/pose-library.json, the studio's preset poses (GET
 * /pose/library): `npx tsx scripts/build-pose-library.ts`.
 *
 * From every person photo of the fixtures' tune half whose pose reaches the
 * feet, the joints read by the studio's pose reader, normalised to the
 * body's box; distinct poses only (by their pose prompt). Each base pose and
 * its mirror image are then re-proportioned per model category (children:
 * larger head, shorter limbs) and re-framed per prompt type (the frame's
 * edges moved to the nose, hips, knees, …). Only keypoints are written: no
 * photo leaves the fixtures folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { acceptImage } from '../src/images/image-guard.js';
import { armWords, feetInFrame, legWords, posePrompt } from '../src/studio/pose-geometry.js';
import { PoseReader } from '../src/studio/pose-reader.js';
import { presetFrame, type ModelCategory, type PosePreset, type PresetPoints, type PromptType } from '../src/studio/pose-library.js';
import type { PoseLandmark } from '../src/vision/person-analysis.js';
import { fixturesDir, loadManifest } from '../test/support/engine-fixtures.js';
import { halfCases } from '../test/support/fixture-split.js';

/** Base poses kept: 6 × 2 (mirrored) × the types per category gives 138 presets, about the document's 143. */
const MAX_BASES = 6;

const KEPT: PoseLandmark[] = ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar', 'leftShoulder', 'rightShoulder', 'leftElbow', 'rightElbow',
  'leftWrist', 'rightWrist', 'leftHip', 'rightHip', 'leftKnee', 'rightKnee', 'leftAnkle', 'rightAnkle'];

/** Per category: head size and limb length against an adult's (children's proportions: a head is 1/5 of a child's height, 1/7.5 of an adult's). */
const PROPORTIONS: Record<ModelCategory, { head: number; limbs: number }> = {
  Women: { head: 1, limbs: 1 },
  Men: { head: 1, limbs: 1 },
  Child: { head: 1.3, limbs: 0.8 },
  Infant: { head: 1.6, limbs: 0.6 },
};

/** Which prompt types each category gets (the library's mix: adults every framing, children the common ones). */
const TYPES: Record<ModelCategory, PromptType[]> = {
  Women: ['fullbody', 'head_half_cropped', 'top', 'bottom', 'close_up_upper_body', 'close_up_lower_body'],
  Men: ['fullbody', 'top', 'bottom'],
  Child: ['fullbody', 'top'],
  Infant: ['fullbody'],
};

type Pts = Record<string, [number, number]>;
const swapSide = (name: string) => name.replace(/^left/, 'RIGHT').replace(/^right/, 'left').replace(/^RIGHT/, 'right');

function mirror(points: Pts): Pts {
  return Object.fromEntries(Object.entries(points).map(([name, [x, y]]) => [swapSide(name), [1 - x, y]]));
}

/** Scale the limbs about their roots (shoulders, hips) and the head about the neck. */
function proportion(points: Pts, { head, limbs }: { head: number; limbs: number }): Pts {
  const out: Pts = { ...points };
  const scaleFrom = (root: string, names: string[], s: number) => {
    const [rx, ry] = points[root]!;
    for (const n of names) if (points[n]) out[n] = [rx + (points[n]![0] - rx) * s, ry + (points[n]![1] - ry) * s];
  };
  for (const side of ['left', 'right']) {
    scaleFrom(`${side}Shoulder`, [`${side}Elbow`, `${side}Wrist`], limbs);
    scaleFrom(`${side}Hip`, [`${side}Knee`, `${side}Ankle`], limbs);
  }
  const neck: [number, number] = [(points.leftShoulder![0] + points.rightShoulder![0]) / 2, (points.leftShoulder![1] + points.rightShoulder![1]) / 2];
  for (const n of ['nose', 'leftEye', 'rightEye', 'leftEar', 'rightEar']) {
    if (points[n]) out[n] = [neck[0] + (points[n]![0] - neck[0]) * head, neck[1] + (points[n]![1] - neck[1]) * head];
  }
  return out;
}

/** The frame's top and bottom edges per prompt type, as positions on the body. */
function frameOf(points: Pts, type: PromptType): [top: number, bottom: number] {
  const y = (n: string) => points[n]![1];
  const top = Math.min(...Object.values(points).map((p) => p[1]));
  const feet = Math.max(y('leftAnkle'), y('rightAnkle'));
  const hips = (y('leftHip') + y('rightHip')) / 2, shoulders = (y('leftShoulder') + y('rightShoulder')) / 2;
  const knees = (y('leftKnee') + y('rightKnee')) / 2;
  const head = shoulders - top;
  switch (type) {
    case 'fullbody': return [top - 0.9 * head, feet + 0.06 * (feet - top)];
    case 'head_half_cropped': return [y('nose') + 0.02 * (feet - top), feet + 0.06 * (feet - top)];
    case 'top': return [top - 0.9 * head, hips + 0.45 * (knees - hips)];
    case 'bottom': return [shoulders + 0.55 * (hips - shoulders), feet + 0.06 * (feet - top)];
    case 'close_up_upper_body': return [top - 0.5 * head, shoulders + 0.6 * (hips - shoulders)];
    case 'close_up_lower_body': return [hips - 0.15 * (hips - shoulders), knees + 0.3 * (feet - knees)];
  }
}

/** Points in a 3:4 frame whose vertical span is [top, bottom], centred on the body. */
function framed(points: Pts, type: PromptType): PresetPoints {
  const [top, bottom] = frameOf(points, type);
  const span = bottom - top, cx = (points.leftHip![0] + points.rightHip![0]) / 2;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  // a 3:4 picture: its width is 0.75 of its height, in the body box's units
  return Object.fromEntries(Object.entries(points).map(([n, [x, y]]) => [n, [round(0.5 + (x - cx) / (0.75 * span)), round((y - top) / span)]]));
}

const NAMES: Record<PromptType, string> = {
  fullbody: 'Full body', head_half_cropped: 'Full body, head cropped', top: 'Upper body', bottom: 'Lower body',
  close_up_upper_body: 'Close-up upper body', close_up_lower_body: 'Close-up lower body',
};

async function basePoses(): Promise<{ name: string; points: Pts }[]> {
  const manifest = loadManifest();
  const persons = [...new Set(halfCases(manifest, 'tune').map((c) => c.person))].sort();
  const reader = new PoseReader();
  const bases = new Map<string, { name: string; points: Pts }>();
  for (const person of persons) {
    if (bases.size === MAX_BASES) break;
    const image = await acceptImage(readFileSync(resolve(fixturesDir(), 'persons', person)), { maxBytes: 50e6, minSide: 64, maxSide: 10_000, maxPixels: 60e6 }, person);
    const pose = await reader.read(image);
    if (pose === undefined || !feetInFrame(pose)) continue;
    const prompt = posePrompt(pose);
    if ([...bases.values()].some((b) => b.name === prompt)) continue;
    const xs = KEPT.map((n) => pose.keypoints[n].x), ys = KEPT.map((n) => pose.keypoints[n].y);
    const [x0, y0] = [Math.min(...xs), Math.min(...ys)], size = Math.max(...ys) - y0;
    bases.set(person, { name: prompt, points: Object.fromEntries(KEPT.map((n) => [n, [(pose.keypoints[n].x - x0) / size, (pose.keypoints[n].y - y0) / size]])) });
  }
  return [...bases.values()];
}

const bases = await basePoses();
const poses: PosePreset[] = [];
for (const [index, base] of bases.entries()) {
  for (const [variant, points] of [['', base.points], [' mirrored', mirror(base.points)]] as const) {
    for (const category of Object.keys(TYPES) as ModelCategory[]) {
      // infants: the base poses only, not their mirrors
      if (category === 'Infant' && variant !== '') continue;
      for (const type of TYPES[category]) {
        const id = createHash('sha256').update(`${index}${variant}/${category}/${type}`).digest('hex').slice(0, 24);
        const preset: PosePreset = { pose_id: id, pose_name: '', model_category: category, prompt_type: type, points: framed(proportion(points, PROPORTIONS[category]), type) };
        // named from the whole figure (a crop hides the legs): "Upper body front 2 mirrored, arms at sides, feet together"
        const whole = presetFrame({ ...preset, points: framed(points, 'fullbody') });
        preset.pose_name = [`${NAMES[type]} front ${index + 1}${variant}`, armWords(whole), legWords(whole)].filter(Boolean).join(', ');
        poses.push(preset);
      }
    }
  }
}
writeFileSync(new URL('../src/studio/pose-library.json', import.meta.url), `${JSON.stringify({ about: 'Made by scripts/build-pose-library.ts from the fixtures tune half; keypoints only.', bases: bases.length, poses })}\n`);
process.stdout.write(`${bases.length} base poses, ${poses.length} presets\n`);
