/**
 * A test server whose PUBLIC_URL is where it really listens, so the signed
 * links it hands out (results, inputs, examples) work from a browser or the
 * CLI. startTestServer's PORT=0 leaves PUBLIC_URL at http://localhost:0.
 */
import { createServer } from 'node:net';
import { startTestServer, type TestServer } from '../support/server.js';

export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export async function startPublicServer(
  env: Record<string, string> = {},
  engineEnv: Record<string, string> = {},
): Promise<TestServer> {
  const port = await freePort();
  return startTestServer('pglite', { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, ...env }, engineEnv);
}
