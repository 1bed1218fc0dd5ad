import { extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CORE_OPERATIONS, type Engine, type EngineFactory, type OperationName } from './engine.js';

/** Same extension as this file: .ts under tsx (tests), .js when built. */
const EXT = extname(fileURLToPath(import.meta.url));
const BUILTIN: Record<string, URL> = {
  builtin: new URL(`./builtin/index${EXT}`, import.meta.url),
};

/** "builtin", or a module path (relative to the working directory) exporting createEngine(). */
export async function loadEngine(spec: string): Promise<Engine> {
  const url = BUILTIN[spec] ?? pathToFileURL(resolve(spec));
  const module = (await import(url.href)) as { createEngine?: EngineFactory; default?: EngineFactory };
  const factory = module.createEngine ?? module.default;
  if (typeof factory !== 'function') throw new Error(`engine module ${spec} exports no createEngine()`);
  return factory();
}

/**
 * Map each operation to the one engine that handles it. A server with a core
 * operation (try-on, refine) handled by no engine, or any operation by two,
 * refuses to start; an optional one (upscale) may have none.
 */
export function routeOperations(engines: Engine[]): Map<OperationName, Engine> {
  const routes = new Map<OperationName, Engine>();
  for (const engine of engines) {
    for (const operation of engine.operations) {
      const other = routes.get(operation);
      if (other !== undefined) {
        throw new Error(`operation "${operation}" is handled by two engines: ${other.name} and ${engine.name}`);
      }
      routes.set(operation, engine);
    }
  }
  const missing = CORE_OPERATIONS.filter((operation) => !routes.has(operation));
  if (missing.length > 0) throw new Error(`no engine handles: ${missing.join(', ')}`);
  return routes;
}
