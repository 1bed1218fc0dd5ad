/**
 * The engines a process routes jobs to, as the operator declares them in
 * ENGINES_FILE (JSON or YAML) — or, without a file, the one local engine
 * group of ENGINES. Parsed and validated here; read once by src/config.ts.
 * Provider keys are resolved from the file or the environment into the
 * parsed specs and go nowhere else: not into logs (the specs are never
 * logged; see `publicView`), not into job JSON.
 */
import ms from 'ms';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DrapeError } from '../errors.js';
import { OPERATIONS, type OperationName, type TryOnOptions } from './engine.js';

export const ENGINE_KINDS = ['builtin', 'drape-protocol', 'comfyui', 'fashn', 'fal', 'replicate'] as const;
export type EngineKind = (typeof ENGINE_KINDS)[number];

const durationText = z.string().refine((value) => typeof ms(value as ms.StringValue) === 'number', 'not a duration (e.g. 30s, 2m)');
const toMs = (value: string | undefined) => (value === undefined ? undefined : (ms(value as ms.StringValue) as number));

/** A secret given inline or as the name of an environment variable holding it. */
const secretFields = {
  api_key: z.string().min(1).optional(),
  api_key_env: z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name').optional(),
};

const common = {
  name: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lower-case letters, digits, - and _')
    .describe('What requests (`engine`), job JSON, logs and metrics call it.'),
  operations: z.array(z.enum(OPERATIONS)).min(1).optional().describe('Operations it serves. Default: what its kind runs.'),
  capabilities: z.array(z.string().min(1)).optional().describe('Features routing may ask for (samples, seed, a model name). Default: its kind’s.'),
  concurrency: z.number().int().min(1).max(10_000).optional().describe('Jobs it runs at once (remote: slots of their own; builtin: WORKERS threads).'),
  timeout: durationText.optional().describe('Longest one run may take. Default JOB_TIMEOUT.'),
  retries: z.number().int().min(0).max(5).default(0).describe('Runs again on this engine after a transient failure before the next engine is tried.'),
  priority: z.number().int().default(0).describe('Higher is tried first; ties in file order.'),
  models: z.array(z.string().min(1)).default([]).describe('FASHN model_name values routed to this engine.'),
  presets: z.array(z.enum(['fast', 'balanced', 'quality'])).min(1).optional().describe('Presets it serves. Default: all.'),
};

const hosted = { ...secretFields, base_url: z.url().optional(), requests_per_second: z.number().positive().optional() };

const engineSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('builtin'), ...common, module: z.string().min(1).default('builtin') }),
  z.strictObject({ kind: z.literal('drape-protocol'), ...common, url: z.url(), token: z.string().optional(), token_env: secretFields.api_key_env }),
  z.strictObject({ kind: z.literal('comfyui'), ...common, url: z.url(), template: z.string().min(1), token: z.string().optional(), token_env: secretFields.api_key_env }),
  z.strictObject({ kind: z.literal('fashn'), ...common, ...hosted, model: z.string().optional() }),
  z.strictObject({ kind: z.literal('fal'), ...common, ...hosted, model: z.string().optional() }),
  z.strictObject({ kind: z.literal('replicate'), ...common, ...hosted, version: z.string().min(1) }),
]);

const engineFileSchema = z.strictObject({
  engines: z.array(engineSpecSchema).min(1),
  breaker: z
    .strictObject({
      failures: z.number().int().min(1).default(3).describe('Consecutive failures that open an engine’s circuit.'),
      cool_down: durationText.default('30s').describe('How long an open circuit skips the engine before one trial run.'),
    })
    .default({ failures: 3, cool_down: '30s' }),
  health_interval: durationText.default('15s').describe('How often remote engines are health-checked.'),
});

type RawSpec = z.output<typeof engineSpecSchema>;

/** One declared engine, validated, its secret resolved and its durations in ms. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EngineSpec = DistributiveOmit<RawSpec, 'timeout' | 'api_key' | 'api_key_env' | 'token' | 'token_env' | 'operations' | 'capabilities'> & {
  operations: OperationName[];
  /** Empty: the kind's own defaults apply (the adapter's). */
  capabilities: string[];
  timeoutMs: number | undefined;
  /** The provider key or bearer token; never logged, never in job JSON. */
  secret: string | undefined;
};

export interface EngineSet {
  engines: EngineSpec[];
  breaker: { failures: number; coolDownMs: number };
  healthIntervalMs: number;
}

const HOSTED_KINDS = new Set<EngineKind>(['fashn', 'fal', 'replicate']);
/**
 * Only the built-in engine (and ENGINES modules) refine and upscale; the
 * remote adapters try on, and a Drape engine server also refines (its
 * protocol carries garments, which an upscale has none of).
 */
const DEFAULT_OPERATIONS: Record<EngineKind, OperationName[]> = {
  builtin: [...OPERATIONS],
  'drape-protocol': ['tryon', 'refine'],
  comfyui: ['tryon'],
  fashn: ['tryon'],
  fal: ['tryon'],
  replicate: ['tryon'],
};

/** The engines of a process without ENGINES_FILE: the local modules of ENGINES, as one built-in group. */
export function defaultEngineSet(modules: string[]): EngineSet {
  return {
    engines: modules.map((module, index) => ({
      kind: 'builtin',
      name: index === 0 ? 'builtin' : `builtin-${index + 1}`,
      module,
      operations: [...OPERATIONS],
      capabilities: [],
      retries: 0,
      priority: 0,
      models: [],
      timeoutMs: undefined,
      secret: undefined,
    })),
    breaker: { failures: 3, coolDownMs: 30_000 },
    healthIntervalMs: 15_000,
  };
}

/**
 * Parse an engines file's text (YAML, of which JSON is a subset). Problems
 * are returned as lines naming the engine and field, never a secret's value.
 */
export function parseEngineFile(text: string, env: Record<string, string | undefined>): EngineSet | string[] {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return [`not JSON or YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`];
  }
  const parsed = engineFileSchema.safeParse(raw);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  const problems: string[] = [];
  const names = new Set<string>();
  const engines = parsed.data.engines.map((raw): EngineSpec => {
    if (names.has(raw.name)) problems.push(`engines: two engines are named "${raw.name}"`);
    names.add(raw.name);
    const { timeout, operations, capabilities, ...rest } = raw;
    const inline = 'api_key' in raw ? raw.api_key : 'token' in raw ? raw.token : undefined;
    const fromEnv = 'api_key_env' in raw ? raw.api_key_env : 'token_env' in raw ? raw.token_env : undefined;
    let secret = inline;
    if (fromEnv !== undefined) {
      secret = env[fromEnv];
      if (secret === undefined || secret === '') problems.push(`engine "${raw.name}": ${fromEnv} is not set`);
    }
    if (HOSTED_KINDS.has(raw.kind) && secret === undefined && fromEnv === undefined) {
      problems.push(`engine "${raw.name}": a ${raw.kind} engine needs api_key or api_key_env`);
    }
    const spec = Object.fromEntries(
      Object.entries(rest).filter(([key]) => !['api_key', 'api_key_env', 'token', 'token_env'].includes(key)),
    ) as DistributiveOmit<EngineSpec, 'operations' | 'capabilities' | 'timeoutMs' | 'secret'>;
    return {
      ...spec,
      operations: operations ?? DEFAULT_OPERATIONS[raw.kind],
      capabilities: capabilities ?? [],
      timeoutMs: toMs(timeout),
      secret,
    };
  });
  const models = new Map<string, string>();
  for (const engine of engines) {
    for (const model of engine.models) {
      const other = models.get(model);
      if (other !== undefined) problems.push(`model "${model}" is mapped to two engines: ${other} and ${engine.name}`);
      models.set(model, engine.name);
    }
  }
  if (problems.length > 0) return problems;
  return {
    engines,
    breaker: { failures: parsed.data.breaker.failures, coolDownMs: toMs(parsed.data.breaker.cool_down)! },
    healthIntervalMs: toMs(parsed.data.health_interval)!,
  };
}

/** What may be logged or shown about an engine: everything but its secret. */
export function publicView(spec: EngineSpec) {
  return { name: spec.name, kind: spec.kind, operations: spec.operations, priority: spec.priority, concurrency: spec.concurrency };
}

/** The engine a FASHN model_name runs on, when the operator mapped it. */
export function engineForModel(set: EngineSet, model: string): string | undefined {
  return set.engines.find((engine) => engine.models.includes(model))?.name;
}

/**
 * The request's `engine` field, checked at submission: a declared engine
 * that serves the operation. Anything else is 400 unknown_engine, naming
 * what this server has.
 */
export function checkRequestedEngine(set: EngineSet, operation: OperationName, name: string | undefined, field = 'engine'): void {
  if (name === undefined) return;
  const engine = set.engines.find((candidate) => candidate.name === name);
  if (engine === undefined || !engine.operations.includes(operation)) {
    const serving = set.engines.filter((candidate) => candidate.operations.includes(operation)).map((candidate) => candidate.name);
    throw new DrapeError(
      'unknown_engine',
      `${field}: "${name}" is not an engine of this server for ${operation}; it has ${serving.join(', ')}.`,
      { field },
    );
  }
}

/**
 * The request's preset and `capabilities`, checked at submission: some
 * declared engine serves the operation, the preset and every capability
 * asked for. An engine the file declares no capabilities for has its
 * adapter's or module's, known only to a worker (a warm engine thread, a
 * built adapter), not to an HTTP process: it may serve any, and routing
 * decides (a job no engine can serve then fails at once, not retried).
 * Anything else is 400 unknown_engine, naming what the engines declare.
 */
export function checkServable(set: EngineSet, operation: OperationName, options: Pick<TryOnOptions, 'preset' | 'requires'>, field = 'capabilities'): void {
  const requires = options.requires ?? [];
  const serving = set.engines.filter((engine) => engine.operations.includes(operation) && (engine.presets === undefined || engine.presets.includes(options.preset)));
  if (serving.length === 0) {
    throw new DrapeError('unknown_engine', `preset: no engine of this server runs ${operation} with the ${options.preset} preset.`, { field: 'preset' });
  }
  if (requires.length === 0) return;
  const able = serving.some(
    (engine) => engine.capabilities.length === 0 || requires.every((capability) => engine.capabilities.includes(capability)),
  );
  if (able) return;
  const declared = [...new Set(serving.flatMap((engine) => engine.capabilities))];
  throw new DrapeError(
    'unknown_engine',
    `${field}: no engine of this server for ${operation} declares ${requires.join(' and ')}; ${declared.length === 0 ? 'they declare none' : `they declare ${declared.join(', ')}`}.`,
    { field },
  );
}

/** The operations some declared engine serves: what this server can run (the studio's /capabilities, its 501s). */
export function servedOperations(set: EngineSet): Set<OperationName> {
  return new Set(set.engines.flatMap((engine) => engine.operations));
}
