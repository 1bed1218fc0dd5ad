import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_TRYON_OPTIONS, type CategoryChoice, type TryOnOptions } from '../engines/engine.js';
import type { OutputFormat } from '../engines/engine-task.js';
import { DrapeError } from '../errors.js';
import type { ImageSource } from '../images/image-inputs.js';
import { fingerprintJson, readMultipart } from './multipart.js';
import { refineBody, tryOnBody, type RefineBody, type TryOnBody } from './schemas/tryon.js';
import { validationError } from './validation-error.js';

export interface ParsedTryOn {
  person: ImageSource;
  /** Refine only: the coarse result. */
  coarse?: ImageSource | undefined;
  garments: { source: ImageSource; category: CategoryChoice }[];
  options: TryOnOptions;
  outputFormat: OutputFormat;
  metadata: Record<string, unknown> | undefined;
  webhookUrl: string | undefined;
  fingerprint: string;
}

/** Zod issues as the first Drape error, naming the field. */
export function firstIssue(error: z.ZodError, input: unknown): DrapeError {
  const issue = error.issues[0]!;
  return validationError(issue.path, issue.message, input);
}

const IMAGE_FIELDS = new Set(['person_image', 'coarse_image', 'garment_image', 'category']);

/**
 * Read POST /v1/tryon (or /v1/refine, which adds `coarse_image` and `gender`)
 * in either encoding into one shape. Multipart: files or URL strings under
 * the same names, `garment_image` and `category` repeated in order for an
 * outfit, other fields as strings.
 */
export async function readTryOnRequest(request: FastifyRequest, kind: 'tryon' | 'refine' = 'tryon'): Promise<ParsedTryOn> {
  const schema = kind === 'refine' ? refineBody : tryOnBody;
  if (request.isMultipart()) {
    const form = await readMultipart(request);
    const raw: Record<string, unknown> = {};
    for (const [name, values] of form.fields) {
      if (IMAGE_FIELDS.has(name)) continue;
      raw[name] = name === 'metadata' ? parseJsonField(values[0]!, name) : values[0];
    }
    const image = (field: string): ImageSource | undefined => {
      const file = form.files.get(field)?.[0];
      const reference = form.fields.get(field)?.[0];
      if (file !== undefined) return { field, bytes: file.bytes };
      return reference === undefined ? undefined : { field, reference };
    };
    const person = image('person_image');
    const coarse = kind === 'refine' ? image('coarse_image') : undefined;
    if (kind === 'refine' && coarse === undefined) {
      throw new DrapeError('missing_parameter', 'coarse_image is required.', { field: 'coarse_image' });
    }
    // Files and URL strings under garment_image pair with category fields by arrival order.
    const garmentSources: ImageSource[] = form.parts
      .filter((part) => part.name === 'garment_image')
      .map((part, index) =>
        typeof part.value === 'string'
          ? { field: fieldName(index), reference: part.value }
          : { field: fieldName(index), bytes: part.value.bytes },
      );
    const categories = form.fields.get('category') ?? [];
    if (person === undefined) throw new DrapeError('missing_parameter', 'person_image is required.', { field: 'person_image' });
    if (garmentSources.length === 0) {
      throw new DrapeError('missing_parameter', 'garment_image is required.', { field: 'garment_image' });
    }
    if (categories.length > garmentSources.length) {
      throw new DrapeError('invalid_parameter', 'There are more category fields than garment images.', { field: 'category' });
    }
    const uploads = { person_image: 'upload', garment_image: 'upload', ...(kind === 'refine' ? { coarse_image: 'upload' } : {}) };
    const fields = parse(schema, { ...raw, ...uploads });
    const garments = garmentSources.map((source, index) => ({
      source,
      category: parseCategory(categories[index], index),
    }));
    return finish(fields, person, garments, coarse, form.fingerprint);
  }

  const fields = parse(schema, request.body);
  const person: ImageSource = { field: 'person_image', reference: fields.person_image };
  const coarse: ImageSource | undefined =
    'coarse_image' in fields ? { field: 'coarse_image', reference: fields.coarse_image } : undefined;
  if (fields.garments !== undefined && fields.garment_image !== undefined) {
    throw new DrapeError('invalid_parameter', 'Give either garment_image or garments, not both.', { field: 'garments' });
  }
  const garments =
    fields.garments?.map((garment, index) => ({
      source: { field: `garments.${index}.image`, reference: garment.image } as ImageSource,
      category: garment.category ?? 'auto',
    })) ??
    (fields.garment_image === undefined
      ? []
      : [{ source: { field: 'garment_image', reference: fields.garment_image } as ImageSource, category: fields.category ?? 'auto' }]);
  if (garments.length === 0) throw new DrapeError('missing_parameter', 'garment_image is required.', { field: 'garment_image' });
  return finish(fields, person, garments, coarse, fingerprintJson(request.body));
}

const fieldName = (index: number) => (index === 0 ? 'garment_image' : `garment_image.${index}`);

function parse(schema: typeof tryOnBody | typeof refineBody, body: unknown): TryOnBody | RefineBody {
  if (body === undefined || body === null || typeof body !== 'object') {
    throw new DrapeError('invalid_request_body', 'Send a JSON object or multipart/form-data.');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error, body);
  return parsed.data;
}

function parseCategory(value: string | undefined, index: number): CategoryChoice {
  if (value === undefined || value === '') return 'auto';
  const parsed = tryOnBody.shape.category.safeParse(value);
  if (!parsed.success || parsed.data === undefined) {
    throw new DrapeError('invalid_parameter', `category: must be auto, upper, lower or dress.`, {
      field: index === 0 ? 'category' : `category.${index}`,
    });
  }
  return parsed.data;
}

function parseJsonField(value: string, field: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new DrapeError('invalid_parameter', `${field} must be a JSON object.`, { field });
  }
}

function finish(
  fields: TryOnBody | RefineBody,
  person: ImageSource,
  garments: { source: ImageSource; category: CategoryChoice }[],
  coarse: ImageSource | undefined,
  fingerprint: string,
): ParsedTryOn {
  const options: TryOnOptions = {
    ...DEFAULT_TRYON_OPTIONS,
    ...(fields.preserve_hands === undefined ? {} : { preserveHands: fields.preserve_hands }),
    ...(fields.preserve_feet === undefined ? {} : { preserveFeet: fields.preserve_feet }),
    ...(fields.garment_background_removal === undefined ? {} : { garmentBackgroundRemoval: fields.garment_background_removal }),
    ...(fields.result_background === undefined ? {} : { resultBackground: fields.result_background.toLowerCase() }),
    ...(fields.diagnostics === undefined ? {} : { diagnostics: fields.diagnostics }),
    ...(fields.preset === undefined ? {} : { preset: fields.preset }),
    ...(fields.min_quality === undefined ? {} : { minQuality: fields.min_quality }),
    ...('gender' in fields && fields.gender !== undefined ? { gender: fields.gender } : {}),
    ...(fields.engine === undefined ? {} : { engine: fields.engine }),
    ...(fields.capabilities === undefined || fields.capabilities.length === 0 ? {} : { requires: [...new Set(fields.capabilities)] }),
  };
  if (fields.output_width !== undefined || fields.output_height !== undefined) {
    options.outputSize = { width: fields.output_width ?? 4096, height: fields.output_height ?? 4096 };
  }
  const format = fields.output_format === 'jpg' ? 'jpeg' : (fields.output_format ?? 'jpeg');
  return {
    person,
    coarse,
    garments,
    options,
    outputFormat: format,
    metadata: fields.metadata,
    webhookUrl: fields.webhook_url,
    fingerprint,
  };
}
