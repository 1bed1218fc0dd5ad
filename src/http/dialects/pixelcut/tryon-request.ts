import type { FastifyRequest } from 'fastify';
import { DrapeError } from '../../../errors.js';
import type { ImageSource } from '../../../images/image-inputs.js';
import { readMultipart, type MultipartForm } from '../../multipart.js';
import { firstIssue } from '../../tryon-request.js';
import { pixelcutTryOnFields, type PixelcutTryOnFields } from './schemas.js';

export interface PixelcutTryOn {
  person: ImageSource;
  garment: ImageSource;
  fields: PixelcutTryOnFields;
}

type ImageName = 'person_image' | 'garment_image';

/**
 * Read POST /v1/try-on in either encoding. JSON names the images by URL
 * (person_image_url, garment_image_url); multipart may upload them as
 * person_image / garment_image files instead, and a file wins over a URL.
 */
export async function readPixelcutTryOn(request: FastifyRequest): Promise<PixelcutTryOn> {
  if (request.isMultipart()) {
    const form = await readMultipart(request);
    const fields = parseFields(Object.fromEntries([...form.fields].map(([name, values]) => [name, values[0]])));
    return { person: formImage(form, 'person_image', fields), garment: formImage(form, 'garment_image', fields), fields };
  }
  const fields = parseFields(request.body);
  return { person: urlImage('person_image', fields), garment: urlImage('garment_image', fields), fields };
}

function parseFields(body: unknown): PixelcutTryOnFields {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DrapeError('invalid_request_body', 'The request body was empty or invalid: send a JSON object or multipart/form-data.');
  }
  const parsed = pixelcutTryOnFields.safeParse(body);
  if (!parsed.success) throw firstIssue(parsed.error, body);
  return parsed.data;
}

function urlImage(name: ImageName, fields: PixelcutTryOnFields): ImageSource {
  const field = `${name}_url` as const;
  const reference = fields[field];
  if (reference === undefined) throw new DrapeError('missing_parameter', `${field} is required.`, { field });
  return { field, reference };
}

function formImage(form: MultipartForm, name: ImageName, fields: PixelcutTryOnFields): ImageSource {
  const file = form.files.get(name)?.[0];
  if (file !== undefined) return { field: name, bytes: file.bytes };
  if (form.fields.has(name)) {
    throw new DrapeError('invalid_parameter', `${name} must be a file; send a URL as ${name}_url.`, { field: name });
  }
  if (fields[`${name}_url`] === undefined) {
    throw new DrapeError('missing_parameter', `${name} (a file) or ${name}_url is required.`, { field: `${name}_url` });
  }
  return urlImage(name, fields);
}
