/**
 * Fuzz requests for every API that takes images: the native try-on and
 * refine routes and the four dialects, in each encoding they accept. A case
 * starts from a valid request and is damaged: an image mutated
 * (fuzz-images.ts), a field dropped, duplicated, added or given a value of
 * the wrong type, or the serialized body itself flipped, cut or sent under
 * the wrong content type.
 */
import { TEST_ADMIN_KEY } from './keys.js';
import { mutatedImage, type Random, type Seeds } from './fuzz-images.js';

/** Where a refusal's code is in each API's error body. */
export type ErrorShape = 'native' | 'huhu' | 'pixelcut' | 'ailabtools';

export interface FuzzCase {
  name: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  shape: ErrorShape;
}

type Value = string | number | boolean | null | unknown[] | Record<string, unknown> | { file: Buffer; type: string };
type Field = [string, Value];

interface Template {
  name: string;
  path: string;
  encoding: 'json' | 'multipart';
  shape: ErrorShape;
  keyHeader: string;
  fields: (image: () => Buffer) => Field[];
}

const dataUri = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
const file = (bytes: Buffer): Value => ({ file: bytes, type: 'application/octet-stream' });
const BEARER = 'authorization';

const TEMPLATES: Template[] = [
  { name: 'native-json', path: '/v1/tryon', encoding: 'json', shape: 'native', keyHeader: BEARER,
    fields: (image) => [['person_image', dataUri(image())], ['garment_image', dataUri(image())], ['category', 'upper']] },
  { name: 'native-outfit-json', path: '/v1/tryon', encoding: 'json', shape: 'native', keyHeader: BEARER,
    fields: (image) => [['person_image', dataUri(image())], ['garments', [{ image: dataUri(image()), category: 'upper' }, { image: dataUri(image()), category: 'lower' }]]] },
  { name: 'native-multipart', path: '/v1/tryon', encoding: 'multipart', shape: 'native', keyHeader: BEARER,
    fields: (image) => [['person_image', file(image())], ['garment_image', file(image())], ['category', 'auto'], ['preserve_hands', 'true']] },
  { name: 'native-refine-multipart', path: '/v1/refine', encoding: 'multipart', shape: 'native', keyHeader: BEARER,
    fields: (image) => [['person_image', file(image())], ['garment_image', file(image())], ['coarse_image', file(image())], ['gender', 'woman']] },
  { name: 'huhu-multipart', path: '/tryon/v1', encoding: 'multipart', shape: 'huhu', keyHeader: 'x-api-key',
    fields: (image) => [['image_garment_file', file(image())], ['image_model_file', file(image())], ['garment_type', 'Top'], ['repaint_hands', 'False']] },
  { name: 'huhu-json', path: '/tryon/v1', encoding: 'json', shape: 'huhu', keyHeader: 'x-api-key',
    fields: (image) => [['image_garment_url', dataUri(image())], ['image_model_url', dataUri(image())], ['garment_type', 'Bottom'], ['model_type', 'SD_V2']] },
  { name: 'pixelcut-json', path: '/v1/try-on', encoding: 'json', shape: 'pixelcut', keyHeader: 'x-api-key',
    fields: (image) => [['person_image_url', dataUri(image())], ['garment_image_url', dataUri(image())], ['garment_mode', 'upper'], ['wait_for_result', false]] },
  { name: 'pixelcut-multipart', path: '/v1/try-on', encoding: 'multipart', shape: 'pixelcut', keyHeader: 'x-api-key',
    fields: (image) => [['person_image', file(image())], ['garment_image', file(image())], ['wait_for_result', 'False']] },
  { name: 'glam-json', path: '/api/v1/tryon', encoding: 'json', shape: 'native', keyHeader: 'x-api-key',
    fields: (image) => [['media_url', dataUri(image())], ['garment_url', dataUri(image())], ['mask_type', 'overall']] },
  { name: 'ailabtools-multipart', path: '/api/portrait/enhance/try-on-clothes-refiner', encoding: 'multipart', shape: 'ailabtools', keyHeader: 'ailabapi-api-key',
    fields: (image) => [['task_type', 'async'], ['person_image', file(image())], ['top_garment', file(image())], ['coarse_image', file(image())], ['gender', 'man']] },
];

const JUNK: ((random: Random) => Value)[] = [
  () => null,
  (random) => random.int(1e9) - 5e8,
  (random) => random.chance(0.5),
  () => [],
  () => ({ nested: { deeper: [1, 'two'] } }),
  () => '',
  (random) => 'x'.repeat(random.pick([1, 300, 70_000])),
  () => '\u0000\uffff\ud800 ☃ %00 ../../etc/passwd',
  () => 'data:image/png;base64,!!!not-base64!!!',
  () => 'ftp://example.invalid/x.png',
  () => 'https://[::1]/x.png',
  (random) => ({ file: Buffer.alloc(random.int(2048), random.int(256)), type: random.pick(['image/png', 'text/plain', 'application/json']) }),
];

/**
 * Pixelcut's wait_for_result defaults to true, which holds the request until
 * its job ends however long the queue (as its document promises): a case
 * without it measures the queue behind thousands of fuzz jobs, not the
 * request. The 10,000-case run of seed 1 lost 48 such cases to the client's
 * 30 s timeout, none to the server.
 */
const KEPT_FIELDS = new Set(['wait_for_result']);

function mutateFields(fields: Field[], random: Random): string {
  const candidates = fields.map((_, index) => index).filter((index) => !KEPT_FIELDS.has(fields[index]![0]));
  const at = candidates.length === 0 ? fields.length : random.pick(candidates);
  switch (random.int(4)) {
    case 0:
      fields.splice(at, 1);
      return `drop ${fields[at]?.[0] ?? 'field'}`;
    case 1:
      fields[at] = [fields[at]![0], random.pick(JUNK)(random)];
      return `junk ${fields[at]![0]}`;
    case 2:
      fields.push([random.pick(fields)[0], random.pick(JUNK)(random)]);
      return 'duplicate';
    default:
      fields.push([random.pick(['webhook_url', 'metadata', 'output_format', 'x' + random.int(99)]), random.pick(JUNK)(random)]);
      return 'extra field';
  }
}

async function serialize(template: Template, fields: Field[]): Promise<{ body: Buffer; type: string }> {
  if (template.encoding === 'json') {
    const object: Record<string, unknown> = {};
    for (const [name, value] of fields) {
      object[name] = value !== null && typeof value === 'object' && 'file' in value ? dataUri(value.file as Buffer) : value;
    }
    return { body: Buffer.from(JSON.stringify(object)), type: 'application/json' };
  }
  const form = new FormData();
  for (const [name, value] of fields) {
    if (value !== null && typeof value === 'object' && 'file' in value) {
      form.append(name, new Blob([new Uint8Array(value.file as Buffer)], { type: value.type as string }), 'file');
    } else form.append(name, typeof value === 'string' ? value : JSON.stringify(value));
  }
  const response = new Response(form);
  return { body: Buffer.from(await response.arrayBuffer()), type: response.headers.get('content-type')! };
}

/** The n-th case of a run: deterministic for a seeded Random. */
export async function fuzzCase(seeds: Seeds, random: Random): Promise<FuzzCase> {
  const template = random.pick(TEMPLATES);
  const hows: string[] = [];
  // Most images stay valid so that a case's damage is what gets tested; one of them is mutated most of the time.
  const damaged = random.chance(0.75);
  let images = 0;
  const image = () => {
    images++;
    if (damaged && (images === 1 || random.chance(0.2))) {
      const mutated = mutatedImage(seeds, random);
      hows.push(`image ${mutated.kind} ${mutated.how}`);
      return mutated.bytes;
    }
    return random.pick(seeds.png);
  };
  const fields = template.fields(image);
  if (!damaged || random.chance(0.3)) hows.push(mutateFields(fields, random));
  let { body, type } = await serialize(template, fields);
  if (random.chance(0.12)) {
    const raw = random.int(4);
    if (raw === 0) {
      body = Buffer.from(body);
      for (let i = 1 + random.int(20); i > 0; i--) body[random.int(body.length)]! ^= 1 << random.int(8);
      hows.push('body bit flips');
    } else if (raw === 1) {
      body = body.subarray(0, random.int(body.length));
      hows.push('body truncated');
    } else if (raw === 2) {
      type = random.pick(['text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'image/png']);
      hows.push(`content-type ${type}`);
    } else {
      type = template.encoding === 'json' ? 'multipart/form-data; boundary=zzz' : 'application/json';
      hows.push('other encoding');
    }
  }
  const key = template.keyHeader === BEARER ? `Bearer ${TEST_ADMIN_KEY}` : TEST_ADMIN_KEY;
  return {
    name: `${template.name}: ${hows.join(', ') || 'valid'}`,
    path: template.path,
    headers: { 'content-type': type, [template.keyHeader]: key },
    body,
    shape: template.shape,
  };
}

/** The code of a refusal in its API's error body, or undefined when the body has none. */
export function refusalCode(shape: ErrorShape, body: any): string | undefined {
  const code =
    shape === 'native' ? body?.error?.code : shape === 'ailabtools' ? body?.error_detail?.code : body?.error_code;
  return typeof code === 'string' && code.length > 0 ? code : undefined;
}
