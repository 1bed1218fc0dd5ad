import type { z } from 'zod';
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
 * prediction exists, as FASHN refuses a request it cannot run.
 */
export function readFashnRun(body: unknown): FashnRun {
  const envelope = runBody.safeParse(body);
  if (!envelope.success) throw firstIssue(envelope.error, body);
  const { model_name: model, inputs } = envelope.data;
  if (model === 'tryon-v1.6') {
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
  throw new DrapeError(
    'invalid_parameter',
    `model_name: "${model}" is not available on this server; it serves ${SERVED_MODELS.join(' and ')}.`,
    { field: 'model_name' },
  );
}

/** The inputs' first issue, its field named under inputs (inputs.model_image). */
function inputsIssue(error: z.ZodError, inputs: unknown): DrapeError {
  const issue = error.issues[0]!;
  return validationError(['inputs', ...issue.path], issue.message, { inputs });
}
