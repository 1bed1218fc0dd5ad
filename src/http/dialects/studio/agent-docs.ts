/**
 * The studio document's two references for LLM agents, made by this server
 * from the schemas its routes validate with (never copied by hand): the
 * OpenAPI document of the studio routes (the app's own OpenAPI output cut
 * down to the `studio` tag, paths relative to /public/v1 as the document's
 * BASE), and a SKILL.md-style reference written from that same document,
 * with this server's capabilities, prices and error statuses.
 */
import { ERROR_CODES } from '../../../errors.js';
import type { OperationCapability } from '../../../studio/capabilities.js';
import { studioStatus } from './error-response.js';

const BASE_PATH = '/public/v1';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
}
interface Operation {
  tags?: string[];
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  servers?: { url: string }[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>> & Record<string, unknown>>;
  components?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The app's OpenAPI document reduced to the studio's routes under /public/v1, served at `${publicUrl}/public/v1`. */
export function studioOpenApi(full: OpenApiDocument, publicUrl: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const [path, item] of Object.entries(full.paths)) {
    if (!path.startsWith(`${BASE_PATH}/`)) continue;
    const kept = Object.fromEntries(METHODS.filter((method) => item[method]?.tags?.includes('studio')).map((method) => [method, item[method]]));
    if (Object.keys(kept).length > 0) paths[path.slice(BASE_PATH.length)] = kept;
  }
  const schemas = referencedSchemas(paths, ((full.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {}));
  return {
    openapi: full.openapi,
    info: {
      title: 'Huhu studio public API v1 (Drape)',
      version: '1',
      description:
        'The Huhu studio public API v1 as this Drape server runs it: programs → projects → SKUs → tasks → output images, upscaling, ' +
        'metering. Errors are {detail, error_code, field?}. GET /capabilities says which operations this server runs; /skill.md is the same reference as text.',
    },
    servers: [{ url: `${publicUrl}${BASE_PATH}` }],
    paths,
    components: { schemas, securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'Authorization: Bearer sk_…' } } },
    security: [{ bearer: [] }],
  };
}

/** The component schemas the paths refer to, and those they refer to in turn (the app's others are left out). */
function referencedSchemas(paths: unknown, all: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const pending = [JSON.stringify(paths)];
  while (pending.length > 0) {
    for (const match of pending.pop()!.matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
      const name = match[1]!;
      if (name in kept || !(name in all)) continue;
      kept[name] = all[name];
      pending.push(JSON.stringify(all[name]));
    }
  }
  return kept;
}

/** A schema's type as a reader wants it: enums spelt out, unions joined. */
function typeOf(schema: JsonSchema | undefined): string {
  if (schema === undefined) return 'any';
  if (schema.enum !== undefined) return schema.enum.map((value) => JSON.stringify(value)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) return union.map(typeOf).join(' or ');
  if (schema.type === 'array') return `${typeOf(schema.items)}[]`;
  if (schema.type === 'object' && schema.properties !== undefined) {
    return `{${Object.entries(schema.properties).map(([name, inner]) => `${name}: ${typeOf(inner)}`).join(', ')}}`;
  }
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : (schema.type ?? 'any');
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${schema.minimum}–${schema.maximum}` : '';
  return `${type}${range}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** One endpoint: its summary, description and a table of every parameter (query and JSON body). */
function endpointSection(method: string, path: string, operation: Operation): string[] {
  const rows: string[] = [];
  for (const parameter of operation.parameters ?? []) {
    const schema = parameter.schema;
    rows.push(
      `| ${parameter.name} | ${parameter.in} | ${cell(typeOf(schema))} | ${parameter.required ? 'yes' : 'no'} | ${schema?.default === undefined ? '' : cell(JSON.stringify(schema.default))} | ${cell(parameter.description ?? schema?.description ?? '')} |`,
    );
  }
  const body = operation.requestBody?.content?.['application/json']?.schema;
  for (const [name, schema] of Object.entries(body?.properties ?? {})) {
    const required = body?.required?.includes(name) ?? false;
    rows.push(`| ${name} | body | ${cell(typeOf(schema))} | ${required ? 'yes' : 'no'} | ${schema.default === undefined ? '' : cell(JSON.stringify(schema.default))} | ${cell(schema.description ?? '')} |`);
  }
  return [
    `### ${method.toUpperCase()} ${path}`,
    '',
    operation.summary?.replace(/^Studio: /, '') ?? '',
    ...(operation.description === undefined ? [] : ['', operation.description]),
    '',
    ...(rows.length === 0 ? ['No parameters.'] : ['| name | in | type | required | default | description |', '|---|---|---|---|---|---|', ...rows]),
    '',
  ];
}

/** SKILL.md: what to call when, how the workflows go, every endpoint and error, from the studio's OpenAPI document and this server's capabilities. */
export function studioSkillMarkdown(spec: OpenApiDocument, capabilities: OperationCapability[]): string {
  const base = spec.servers?.[0]?.url ?? BASE_PATH;
  const endpoints = Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method] !== undefined).flatMap((method) => endpointSection(method, path, item[method]!)),
  );
  const available = capabilities.filter((each) => each.available).map((each) => each.operation);
  return [
    '---',
    'name: huhu-studio-api',
    `description: Catalogue try-on production (programs, projects, SKUs, tasks, output images), upscaling and credits through the Huhu studio public API v1 served by Drape at ${base}.`,
    '---',
    '',
    '# Huhu studio API v1 on this Drape server',
    '',
    `Generated by the server from its route schemas (the same as ${base}/openapi.json). BASE: ${base}. AUTH: \`Authorization: Bearer <key>\` on every call.`,
    'Timestamps are epoch milliseconds; IDs are strings; a list answers `pagination_token` (pass it back for the next page; null at the end) and takes `fetch_all=true` for up to 10,000 rows.',
    '',
    '## What this server runs',
    '',
    '| operation | available | credits | routes | why not |',
    '|---|---|---|---|---|',
    ...capabilities.map((each) => `| ${each.operation} | ${each.available ? 'yes' : 'no'} | ${each.credits} | ${cell(each.routes.join(', '))} | ${cell(each.reason ?? '')} |`),
    '',
    '## Which call when',
    '',
    '- Before anything that costs credits: `GET /metering/plan` (credits, concurrent_requests). 402 means no credits: stop submitting.',
    '- Try-on images of catalogue garments on a model: `POST /project` → `POST /project/upload` (garment_image, or sku_zip in parts) → `GET /sku?project_id=` → `POST /task` → `POST /project/upload` (model_image) → `PUT /task` (model_image) → `POST /task/generate` → poll `GET /task` every 5–10 s until "Generation completed" → `GET /task?project_id=&sku_id=&task_id=` for the output image URLs.',
    '- A task’s model image must face its view: front-view tasks a front-facing person, back-view tasks a back-facing one (`view_type` of `POST /model/image`). Otherwise the task ends at once as "Generation failed" with error pose_not_supported and nothing is charged: set another model_image with `PUT /task` and generate again.',
    `- A larger image: ${available.includes('upscale') ? '`POST /upscale` → poll `GET /upscale?request_id=` until status "success" → result_urls.' : 'not on this server (see above).'}`,
    '- Anything marked "no" above answers 501 not_implemented after checking the request; nothing is charged. Do not retry it on this server.',
    '- 429: the team’s concurrent slots are full, or too many requests: wait (Retry-After) and retry. 5xx: retry after a delay.',
    '',
    '## Endpoints',
    '',
    ...endpoints,
    '## Errors',
    '',
    'Every error is `{"detail": "<message>", "error_code": "<code>", "field": "<parameter, when one is at fault>"}`.',
    '',
    '| status | error_code |',
    '|---|---|',
    ...[...groupByStatus()].map(([status, codes]) => `| ${status} | ${codes.join(', ')} |`),
    '',
  ].join('\n');
}

function groupByStatus(): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const code of ERROR_CODES) {
    const status = studioStatus(code);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}
