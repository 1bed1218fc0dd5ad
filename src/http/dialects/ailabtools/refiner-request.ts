import type { FastifyRequest } from 'fastify';
import { DrapeError } from '../../../errors.js';
import type { ImageSource } from '../../../images/image-inputs.js';
import { readMultipart, type MultipartForm } from '../../multipart.js';
import { GENDERS } from './schemas.js';

export interface RefinerRequest {
  person: ImageSource;
  top: ImageSource;
  coarse: ImageSource;
  bottom: ImageSource | undefined;
  gender: (typeof GENDERS)[number];
}

/**
 * Read the refiner's multipart form, checking the fields in the order its
 * document lists them. The API is multipart only: images come as files,
 * never as URLs.
 */
export async function readRefinerRequest(request: FastifyRequest): Promise<RefinerRequest> {
  if (!request.isMultipart()) {
    throw new DrapeError('unsupported_content_type', 'Send the fields as multipart/form-data.');
  }
  const form = await readMultipart(request);
  const taskType = required(form, 'task_type');
  if (taskType !== 'async') {
    throw new DrapeError('invalid_parameter', 'task_type must be async.', { field: 'task_type' });
  }
  const person = file(form, 'person_image');
  const top = file(form, 'top_garment');
  const coarse = file(form, 'coarse_image');
  const gender = required(form, 'gender');
  if (!isGender(gender)) throw new DrapeError('invalid_parameter', 'gender must be woman or man.', { field: 'gender' });
  const bottom = form.files.has('bottom_garment') || form.fields.has('bottom_garment') ? file(form, 'bottom_garment') : undefined;
  return { person, top, coarse, bottom, gender };
}

function required(form: MultipartForm, name: string): string {
  const value = form.fields.get(name)?.[0];
  if (value === undefined || value === '') {
    throw new DrapeError('missing_parameter', `${name} is required.`, { field: name });
  }
  return value;
}

function file(form: MultipartForm, name: string): ImageSource {
  const upload = form.files.get(name)?.[0];
  if (upload !== undefined) return { field: name, bytes: upload.bytes };
  if (form.fields.has(name)) throw new DrapeError('invalid_parameter', `${name} must be a file.`, { field: name });
  throw new DrapeError('missing_parameter', `${name} is required.`, { field: name });
}

function isGender(value: string): value is (typeof GENDERS)[number] {
  return (GENDERS as readonly string[]).includes(value);
}
