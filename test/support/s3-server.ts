/**
 * A real S3-compatible server on loopback for tests (s3rver, objects kept in
 * a temp folder), speaking the same protocol the AWS SDK uses against AWS,
 * MinIO or R2. `stop()` and `start()` take it away and bring it back on the
 * same port with the same objects, for outage tests.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import S3rver from 's3rver';

export const TEST_BUCKET = 'drape-test';
/** s3rver's one account. */
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

export interface TestS3 {
  endpoint: string;
  /** The environment that points a Drape server at `s3://bucket/prefix` on this server. */
  env(prefix: string, bucket?: string): Record<string, string>;
  /** Stop answering (connections refused), keeping the objects. */
  stop(): Promise<void>;
  /** Answer again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startS3Server(): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'drape-s3-'));
  let port = 0;
  let server: S3rver | undefined;
  let sockets = new Set<Socket>();
  const start = async () => {
    if (server !== undefined) return;
    const next = new S3rver({
      port,
      address: '127.0.0.1',
      silent: true,
      directory,
      configureBuckets: [{ name: TEST_BUCKET, configs: [] }],
    });
    port = (await next.run()).port;
    const open = new Set<Socket>();
    next.httpServer!.on('connection', (socket: Socket) => {
      open.add(socket);
      socket.once('close', () => open.delete(socket));
    });
    sockets = open;
    server = next;
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (running === undefined) return;
    const closed = running.close();
    // Reset, not close: a closed connection lingers in FIN-WAIT on the port
    // and the next start on it fails with EADDRINUSE; a reset leaves nothing.
    for (const socket of sockets) socket.resetAndDestroy();
    await closed;
  };
  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    env: (prefix, bucket = TEST_BUCKET) => ({
      STORAGE_URL: `s3://${bucket}/${prefix}`,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_FORCE_PATH_STYLE: 'true',
      ...CREDENTIALS,
    }),
    stop,
    start,
    close: async () => {
      await stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
