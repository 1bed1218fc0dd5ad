import type { FastifyRequest } from 'fastify';
import { DEFAULT_TRYON_OPTIONS, type Category, type TryOnOptions } from '../../../engines/engine.js';
import { DrapeError } from '../../../errors.js';
import type { ImageSource } from '../../../images/image-inputs.js';
import { readMultipart, type MultipartForm } from '../../multipart.js';
import { firstIssue } from '../../tryon-request.js';
import { GARMENT_TYPES, MODEL_PRESETS, huhuTryOnFields, type HuhuTryOnFields, type ModelType } from './schemas.js';

/** A POST /tryon/v1 as a native try-on: the images as given, and the engine options Huhu's fields stand for. */
export interface HuhuTryOn {
  model: ImageSource;
  garment: ImageSource;
  category: Category;
  options: TryOnOptions;
  webhookUrl: string | undefined;
}

type Image = 'garment' | 'model';

/** The multipart file names: Huhu's request docs use the first, its webhook example the input_ one. */
const FILE_FIELDS: Record<Image, readonly string[]> = {
  garment: ['image_garment_file', 'input_image_garment_file'],
  model: ['image_model_file', 'input_image_model_file'],
};
const URL_FIELD: Record<Image, string> = { garment: 'image_garment_url', model: 'image_model_url' };

/** Huhu: repaint_other_garment is only valid for a Top or Bottom on these models; elsewhere it is ignored. */
const REPAINTING_MODELS: ReadonlySet<ModelType> = new Set(['SD_V2', 'SD_V3']);

/** Read POST /tryon/v1 in either encoding: multipart files (or URL strings), or JSON URLs. */
export async function readHuhuTryOn(request: FastifyRequest): Promise<HuhuTryOn> {
  if (request.isMultipart()) {
    const form = await readMultipart(request);
    const strings = Object.fromEntries([...form.fields].map(([name, values]) => [name, values[0]]));
    const fields = parseFields(strings);
    return translate(fields, multipartImage(form, 'model'), multipartImage(form, 'garment'));
  }
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DrapeError('invalid_request_body', 'Send a JSON object or multipart/form-data.');
  }
  const fields = parseFields(body);
  const json = body as Record<string, unknown>;
  return translate(fields, jsonImage(json, 'model'), jsonImage(json, 'garment'));
}

function parseFields(raw: unknown): HuhuTryOnFields {
  const parsed = huhuTryOnFields.safeParse(raw);
  if (!parsed.success) throw firstIssue(parsed.error, raw);
  return parsed.data;
}

/** A file wins over a URL string given for the same image. */
function multipartImage(form: MultipartForm, image: Image): ImageSource {
  for (const field of FILE_FIELDS[image]) {
    const file = form.files.get(field)?.[0];
    if (file !== undefined) return { field, bytes: file.bytes };
  }
  const reference = form.fields.get(URL_FIELD[image])?.[0];
  if (reference !== undefined) return { field: URL_FIELD[image], reference };
  const field = FILE_FIELDS[image][0]!;
  throw new DrapeError('missing_parameter', `${field} is required.`, { field });
}

function jsonImage(body: Record<string, unknown>, image: Image): ImageSource {
  const field = URL_FIELD[image];
  const reference = body[field];
  if (reference === undefined || reference === null) throw new DrapeError('missing_parameter', `${field} is required.`, { field });
  if (typeof reference !== 'string') {
    throw new DrapeError('invalid_parameter', `${field} must be an http(s) URL or a data: URI.`, { field });
  }
  return { field, reference };
}

function translate(fields: HuhuTryOnFields, model: ImageSource, garment: ImageSource): HuhuTryOn {
  const category = GARMENT_TYPES[fields.garment_type];
  return {
    model,
    garment,
    category,
    options: {
      ...DEFAULT_TRYON_OPTIONS,
      preset: MODEL_PRESETS[fields.model_type],
      preserveHands: !fields.repaint_hands,
      preserveFeet: !fields.repaint_feet,
      // Its default is true, so asking for it where it does not apply is no error: it just does nothing.
      repaintOtherGarment: fields.repaint_other_garment && category !== 'dress' && REPAINTING_MODELS.has(fields.model_type),
    },
    webhookUrl: fields.webhook,
  };
}
