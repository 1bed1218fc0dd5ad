import type { z } from 'zod';
import { engineForModel, type EngineSet } from '../../../engines/engine-config.js';
import { DEFAULT_TRYON_OPTIONS, type CategoryChoice, type TryOnOptions } from '../../../engines/engine.js';
import type { OutputFormat } from '../../../engines/engine-task.js';
import { DrapeError } from '../../../errors.js';
import type { ImageSource } from '../../../images/image-inputs.js';
import { firstIssue } from '../../tryon-request.js';
import { validationError } from '../../validation-error.js';
import type { FashnRequestNotes } from '../../../jobs/webhook-bodies/fashn.js';
import { CATEGORIES, MODE_PRESETS, runBody, tryOnMaxInputs, tryOnV16Inputs } from './schemas.js';

/** A POST /v1/run as a native try-on. */
export interface FashnRun {
  person: ImageSource;
  garment: ImageSource;
  category: CategoryChoice;
  options: TryOnOptions;
  outputFormat: OutputFormat;
  notes: FashnRequestNotes;
}

/** The model names Drape serves: FASHN's try-on models, on whichever engine routing picks. */
export const SERVED_MODELS = ['tryon-v1.6', 'tryon-max'] as const;

/**
 * Read FASHN's universal request: {model_name, inputs}. Each model has its
 * own inputs; a model name this server does not serve is refused before a
 * prediction exists, as FASHN refuses a request it cannot run. A model the
 * operator mapped to an engine (ENGINES_FILE `models`) runs there first; a
 * model name only an engine declares as a capability runs on such an engine,
 * with tryon-v1.6's inputs.
 */
export function readFashnRun(body: unknown, engines: EngineSet): FashnRun {
  const envelope = runBody.safeParse(body);
  if (!envelope.success) throw firstIssue(envelope.error, body);
  const { model_name: model, inputs } = envelope.data;
  const routed = routeModel(model, readModel(model, inputs, engines), engines);
  if (routed !== undefined) return routed;
  throw new DrapeError(
    'invalid_parameter',
    `model_name: "${model}" is not available on this server; it serves ${SERVED_MODELS.join(' and ')}.`,
    { field: 'model_name' },
  );
}

/** The engine a mapped model runs on first, or the capability an unmapped, unserved one needs. */
function routeModel(model: string, run: FashnRun | undefined, engines: EngineSet): FashnRun | undefined {
  if (run === undefined) return undefined;
  const engine = engineForModel(engines, model);
  if (engine !== undefined) return { ...run, options: { ...run.options, engine } };
  if ((SERVED_MODELS as readonly string[]).includes(model)) return run;
  return { ...run, options: { ...run.options, requires: [model] } };
}

function readModel(model: string, inputs: unknown, engines: EngineSet): FashnRun | undefined {
  const declared = engineForModel(engines, model) !== undefined || engines.engines.some((engine) => engine.capabilities.includes(model));
  if (model === 'tryon-v1.6' || (model !== 'tryon-max' && declared)) {
    const parsed = tryOnV16Inputs.safeParse(inputs);
    if (!parsed.success) throw inputsIssue(parsed.error, inputs);
    const fields = parsed.data;
    return {
      person: { field: 'inputs.model_image', reference: fields.model_image },
      garment: { field: 'inputs.garment_image', reference: fields.garment_image },
      category: CATEGORIES[fields.category],
      options: {
        ...DEFAULT_TRYON_OPTIONS,
        preset: MODE_PRESETS[fields.mode],
        garmentPhotoType: fields.garment_photo_type,
        samples: fields.num_samples,
        ...(fields.seed === undefined ? {} : { seed: fields.seed }),
      },
      outputFormat: fields.output_format,
      notes: { model_name: model, return_base64: fields.return_base64 },
    };
  }
  if (model === 'tryon-max') {
    const parsed = tryOnMaxInputs.safeParse(inputs);
    if (!parsed.success) throw inputsIssue(parsed.error, inputs);
    const fields = parsed.data;
    return {
      person: { field: 'inputs.model_image', reference: fields.model_image },
      garment: { field: 'inputs.product_image', reference: fields.product_image },
      category: 'auto',
      options: {
        ...DEFAULT_TRYON_OPTIONS,
        preset: MODE_PRESETS[fields.generation_mode],
        samples: fields.num_images,
        ...(fields.seed === undefined ? {} : { seed: fields.seed }),
      },
      outputFormat: fields.output_format,
      notes: { model_name: model, return_base64: fields.return_base64 },
    };
  }
  return undefined;
}

/** The inputs' first issue, its field named under inputs (inputs.model_image). */
function inputsIssue(error: z.ZodError, inputs: unknown): DrapeError {
  const issue = error.issues[0]!;
  return validationError(['inputs', ...issue.path], issue.message, { inputs });
}
