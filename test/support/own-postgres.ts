/**
 * A PostgreSQL server of a test's own, for tests that stop and start it: a
 * fresh cluster (initdb) in a temp folder on its own loopback port, run with
 * the machine's PostgreSQL binaries (pg_ctl), never the shared server on 5432.
 * PostgreSQL refuses to run as root, so as root (CI) it runs as the
 * `postgres` system user the Debian packages create.
 */
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface OwnPostgres {
  /** postgres://…/drape on this server. */
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stop it and delete its folder. */
  close(): Promise<void>;
}

/** The newest PostgreSQL's bin folder under /usr/lib/postgresql, or undefined when none is installed. */
export async function postgresBinaries(): Promise<string | undefined> {
  const versions = await readdir('/usr/lib/postgresql').catch(() => [] as string[]);
  const newest = versions.sort((a, b) => Number(b) - Number(a))[0];
  return newest === undefined ? undefined : `/usr/lib/postgresql/${newest}/bin`;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const bin = await postgresBinaries();
  if (bin === undefined) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql');
  const root = await mkdtemp(join(tmpdir(), 'drape-own-pg-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    await chown(root, Number(stdout.trim()), Number(group.trim()));
  }
  const pgRun = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]) : run(join(bin, tool), args);
  const data = join(root, 'data');
  const port = await freePort();
  await pgRun('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const start = async () => {
    await pgRun('pg_ctl', [
      '-D', data, '-l', join(root, 'log'), '-w', '-t', '60',
      '-o', `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off`,
      'start',
    ]);
  };
  const stop = async () => {
    // fast: ends every connection at once, as a crash or failover does for the clients.
    await pgRun('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE drape');
  await admin.end();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/drape`,
    stop,
    start,
    close: async () => {
      await stop().catch(() => {});
      await rm(root, { recursive: true, force: true });
    },
  };
}
