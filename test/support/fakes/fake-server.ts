/**
 * The plumbing shared by the test doubles of remote engines (ComfyUI, fal,
 * Replicate, FASHN): a local HTTP server whose handler gets the parsed
 * request, and a log of every request it saw. Test doubles live in tests only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  at: number;
}

export interface FakeRequest extends SeenRequest {
  query: URLSearchParams;
  body: Buffer;
  json<T = any>(): T;
  form(): Promise<FormData>;
}

export interface FakeReply {
  json(status: number, body: unknown, headers?: Record<string, string>): void;
  bytes(status: number, body: Buffer, type: string): void;
  /** Never answer: the client's timeout is what ends the request. */
  hang(): void;
  /** Close the connection without an answer, as a server does to a keep-alive socket it timed out. */
  drop(): void;
}

export interface FakeServer {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startFake(handle: (request: FakeRequest, reply: FakeReply) => void | Promise<void>): Promise<FakeServer> {
  const seen: SeenRequest[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const body = Buffer.concat(chunks);
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        at: Date.now(),
        body,
        json: () => JSON.parse(body.toString('utf8')),
        form: () => new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData(),
      };
      seen.push({ method: request.method, path: request.path, headers: request.headers, at: request.at });
      const reply: FakeReply = {
        json: (status, value, headers = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value)),
        bytes: (status, value, type) => res.writeHead(status, { 'content-type': type }).end(value),
        hang: () => hanging.add(res),
        drop: () => req.socket.destroy(),
      };
      Promise.resolve(handle(request, reply)).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500).end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** What a fake "model" makes: the person photo with a green band across its middle, as PNG. */
export async function fakeTryOn(person: Buffer): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(person).metadata();
  const band = await sharp({ create: { width, height: Math.max(1, Math.round(height / 4)), channels: 3, background: { r: 0, g: 200, b: 0 } } })
    .png()
    .toBuffer();
  return sharp(person).composite([{ input: band, top: Math.round(height / 3), left: 0 }]).png().toBuffer();
}

/** The bytes of a data: URI. */
export function fromDataUri(uri: string): Buffer {
  return Buffer.from(uri.slice(uri.indexOf(',') + 1), 'base64');
}
