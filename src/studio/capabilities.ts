/**
 * Which of the studio document's engine operations this server can run: an
 * operation runs when a declared engine (ENGINES_FILE, or the ENGINES
 * modules) serves the engine operation behind it. The generative ones
 * (faces, model images, poses, video, face swap, …) have no engine operation
 * in Drape: no engine can declare them, so their routes validate the request
 * and answer 501 not_implemented, charging nothing.
 */
import { DEFAULT_CREDIT_COSTS, type PricedOperation } from '../accounts/credit-costs.js';
import { servedOperations, type EngineSet } from '../engines/engine-config.js';
import type { OperationName } from '../engines/engine.js';
import { DrapeError } from '../errors.js';

interface StudioOperation {
  /** The name /capabilities reports. */
  name: string;
  /** The studio routes that run it. */
  routes: string[];
  /** The engine operation behind it; none for the generative ones. */
  engineOperation?: OperationName;
  /** Its entry in the price table. */
  price: PricedOperation;
}

export const STUDIO_OPERATIONS: readonly StudioOperation[] = [
  { name: 'tryon', routes: ['POST /task/generate'], engineOperation: 'tryon', price: 'tryon_sd' },
  { name: 'upscale', routes: ['POST /upscale', 'GET /upscale'], engineOperation: 'upscale', price: 'upscale' },
  { name: 'face_generation', routes: ['POST /model/face'], price: 'image_hd' },
  { name: 'model_image_generation', routes: ['POST /model/image (mode 1)'], price: 'image_hd' },
  { name: 'pose_generation', routes: ['POST /model/pose'], price: 'multipose' },
  { name: 'video', routes: ['POST /video', 'GET /video/requests'], price: 'video_5s' },
  { name: 'face_swap', routes: [], price: 'face_swap' },
  { name: 'background_change', routes: [], price: 'background' },
  { name: 'hand_foot_fix', routes: [], price: 'hand_fix' },
  { name: 'ghost_mannequin', routes: [], price: 'ghost_mannequin' },
  { name: 'prompt_generation', routes: [], price: 'prompt_generation' },
  { name: 'inpainting', routes: [], price: 'inpaint' },
  { name: 'logo_transfer', routes: [], price: 'logo_transfer' },
];

export interface OperationCapability {
  operation: string;
  available: boolean;
  routes: string[];
  /** Credits per image (per video for video: 5 s; 10 s costs video_10s). */
  credits: number;
  /** The declared engines that serve it, in the order routing tries them. */
  engines: string[];
  reason?: string;
}

/** Every studio operation of the document, and whether an engine of this server runs it. */
export function studioCapabilities(set: EngineSet, price: (operation: PricedOperation) => number = (operation) => DEFAULT_CREDIT_COSTS[operation]): OperationCapability[] {
  const served = servedOperations(set);
  return STUDIO_OPERATIONS.map((each) => {
    const available = each.engineOperation !== undefined && served.has(each.engineOperation);
    const engines = each.engineOperation === undefined ? [] : set.engines.filter((engine) => engine.operations.includes(each.engineOperation!));
    return {
      operation: each.name,
      available,
      routes: each.routes,
      credits: price(each.price),
      engines: [...engines].sort((a, b) => b.priority - a.priority).map((engine) => engine.name),
      ...(available ? {} : { reason: unavailableReason(each) }),
    };
  });
}

function unavailableReason(operation: StudioOperation): string {
  return operation.engineOperation === undefined
    ? 'A generative operation: no engine of this server runs it (Drape has no engine operation for it).'
    : `No engine of this server serves the ${operation.engineOperation} operation (ENGINES_FILE).`;
}

/** The 501 for a studio operation this server cannot run, naming why; nothing is stored or charged before it. */
export function unavailable(set: EngineSet, name: string): DrapeError {
  const operation = STUDIO_OPERATIONS.find((each) => each.name === name);
  if (operation === undefined) throw new Error(`unknown studio operation ${name}`);
  const capability = studioCapabilities(set).find((each) => each.operation === name)!;
  const reason = capability.reason ?? 'No route of this server runs it yet.';
  return new DrapeError('not_implemented', `${operation.routes[0] ?? name}: ${name} is not available on this server. ${reason} Nothing was charged.`);
}

/** Refuse (501) a studio operation that no engine of this server serves. */
export function requireOperation(set: EngineSet, name: string): void {
  if (!studioCapabilities(set).find((each) => each.operation === name)?.available) throw unavailable(set, name);
}
