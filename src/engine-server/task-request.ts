import type { FastifyRequest } from 'fastify';
import { DrapeError } from '../errors.js';
import { acceptImage } from '../images/image-guard.js';
import { jsonTaskSchema, taskSpecSchema, type TaskSpec } from '../engines/remote/drape-protocol.js';
import type { EngineServerServices } from './engine-app.js';
import type { TaskInputs } from './task-table.js';

function parseSpec(raw: unknown): TaskSpec {
  const parsed = taskSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DrapeError('invalid_parameter', `task.${issue.path.join('.')}: ${issue.message}`, { field: 'task' });
  }
  return parsed.data;
}

/**
 * A submission as the task and its encoded images: multipart (a `task` JSON
 * field, then `person`, one `garment` file per garment in order, `coarse`
 * for refine) or JSON naming the images by URL, fetched through the SSRF
 * guard. Every image passes the image guard (size, format, dimensions)
 * before an engine decodes it.
 */
export async function readTask(request: FastifyRequest, services: EngineServerServices): Promise<{ spec: TaskSpec; inputs: TaskInputs }> {
  let spec: TaskSpec;
  let person: Buffer | undefined;
  const garments: Buffer[] = [];
  let coarse: Buffer | undefined;
  if (request.isMultipart()) {
    let raw: unknown;
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (part.fieldname !== 'task') throw new DrapeError('invalid_parameter', `Unknown field ${part.fieldname}.`, { field: part.fieldname });
        try {
          raw = JSON.parse(String(part.value));
        } catch {
          throw new DrapeError('invalid_parameter', 'task must be JSON.', { field: 'task' });
        }
        continue;
      }
      const bytes = await part.toBuffer();
      if (part.fieldname === 'person') person = bytes;
      else if (part.fieldname === 'garment') garments.push(bytes);
      else if (part.fieldname === 'coarse') coarse = bytes;
      else throw new DrapeError('invalid_parameter', `Unknown file ${part.fieldname}.`, { field: part.fieldname });
    }
    if (raw === undefined) throw new DrapeError('missing_parameter', 'task is required.', { field: 'task' });
    spec = parseSpec(raw);
  } else {
    const parsed = jsonTaskSchema.safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new DrapeError('invalid_parameter', `${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const body = parsed.data;
    const fetch = async (url: string, field: string) =>
      (await services.fetcher.fetchBytes(url, { maxBytes: services.limits.maxBytes, field })).bytes;
    person = await fetch(body.person.url, 'person');
    garments.push(...(await Promise.all(body.garments.map((garment, index) => fetch(garment.url, `garments.${index}`)))));
    coarse = body.coarse === undefined ? undefined : await fetch(body.coarse.url, 'coarse');
    spec = parseSpec({ ...body, garments: body.garments.map((garment) => ({ category: garment.category })) });
  }
  if (person === undefined) throw new DrapeError('missing_parameter', 'person is required.', { field: 'person' });
  if (garments.length !== spec.garments.length) {
    throw new DrapeError('invalid_parameter', `task.garments lists ${spec.garments.length} garments; ${garments.length} were sent.`, {
      field: 'garment',
    });
  }
  if (spec.operation === 'refine' && coarse === undefined) throw new DrapeError('missing_parameter', 'coarse is required for refine.', { field: 'coarse' });
  const guard = (bytes: Buffer, field: string) => acceptImage(bytes, services.limits, field).then((image) => image.bytes);
  return {
    spec,
    inputs: {
      person: await guard(person, 'person'),
      garments: await Promise.all(garments.map((bytes, index) => guard(bytes, `garment.${index}`))),
      coarse: coarse === undefined ? undefined : await guard(coarse, 'coarse'),
    },
  };
}
