import type { SafeFetcher } from '../../net/safe-fetch.js';
import type { EngineSpec } from '../engine-config.js';
import { ComfyEngine } from './comfyui-engine.js';
import { loadComfyTemplate } from './comfyui-template.js';
import { DrapeEngine } from './drape-engine.js';
import { FalEngine } from './fal-engine.js';
import { FashnEngine } from './fashn-engine.js';
import type { RemoteEngine } from './remote-engine.js';
import { ReplicateEngine } from './replicate-engine.js';

/** One HTTP request to a service (submit, poll, download); a run as a whole is bounded by the engine's timeout. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Polling: an engine server's task takes seconds; a hosted model 5–30 s. */
const POLL_MS: Record<string, number> = { 'drape-protocol': 250, comfyui: 500, fashn: 1_000, fal: 1_000, replicate: 1_000 };

/** The adapter for a declared remote engine (every kind but builtin). */
export async function createRemoteEngine(spec: EngineSpec, fetcher: SafeFetcher): Promise<RemoteEngine> {
  const capabilities = spec.capabilities.length > 0 ? spec.capabilities : undefined;
  const pollIntervalMs = POLL_MS[spec.kind] ?? 1_000;
  const hosted = (key: string | undefined, base: string | undefined, rate: number | undefined) => ({
    name: spec.name,
    apiKey: key ?? '',
    baseUrl: base,
    capabilities,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    pollIntervalMs,
    requestsPerSecond: rate,
    fetcher,
  });
  switch (spec.kind) {
    case 'drape-protocol':
      return new DrapeEngine({
        name: spec.name,
        url: spec.url,
        token: spec.secret,
        operations: spec.operations,
        capabilities: spec.capabilities,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        pollIntervalMs,
      });
    case 'comfyui':
      return new ComfyEngine({
        name: spec.name,
        url: spec.url,
        template: await loadComfyTemplate(spec.template),
        token: spec.secret,
        capabilities,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        pollIntervalMs,
      });
    case 'fashn':
      return new FashnEngine({ ...hosted(spec.secret, spec.base_url, spec.requests_per_second), model: spec.model });
    case 'fal':
      return new FalEngine({ ...hosted(spec.secret, spec.base_url, spec.requests_per_second), model: spec.model });
    case 'replicate':
      return new ReplicateEngine({ ...hosted(spec.secret, spec.base_url, spec.requests_per_second), version: spec.version });
    case 'builtin':
      throw new Error(`engine ${spec.name} is built in: it runs on the engine threads`);
  }
}
