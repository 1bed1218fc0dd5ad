/**
 * A TCP proxy in front of a server that a test can make go silent: while
 * silent it keeps every connection open and accepts new ones, but forwards
 * nothing either way — what a client sees when the host drops packets
 * (nothing is refused, nothing answers). A small net.Server, no iptables.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** host:port of the proxy. */
  address: string;
  /** Forward nothing from now on (data either way is dropped). */
  silence(): void;
  /** Forward again; connections opened while silent stay dead, as their handshake was lost. */
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let silent = false;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((client) => {
    track(client);
    // Opened while silent: the client waits for an answer that never comes.
    if (silent) return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.on('data', (chunk) => {
      if (!silent) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!silent) client.write(chunk);
    });
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    silence: () => {
      silent = true;
    },
    resume: () => {
      silent = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
