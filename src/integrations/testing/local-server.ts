import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { IntegrationError } from '../errors.ts';

/**
 * A vendor stand-in on 127.0.0.1 (port 0) for connector tests: each test says how it answers and
 * then reads back what the client sent. Test support only.
 */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** Serialised as JSON with content-type application/json. */
  json?: unknown;
  /** Sent as is (for malformed JSON, VTT, Slack's "ok"). */
  body?: string;
  /** Wait before answering: for timeouts. */
  delayMs?: number;
}

export type Handler = (req: RecordedRequest, server: LocalServer) => Reply | Promise<Reply>;

export interface LocalServer {
  /** "http://127.0.0.1:PORT" */
  url: string;
  requests: RecordedRequest[];
  /** Requests whose path matches, e.g. count('/api/v2/tickets.json'). */
  count(path: string): number;
  close(): Promise<void>;
}

export async function startLocalServer(handler: Handler): Promise<LocalServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void Promise.resolve(handler(recorded, local))
        .then(async (reply) => {
          if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
          if (res.destroyed) return;
          const headers: Record<string, string> = { ...reply.headers };
          let body = reply.body ?? '';
          if (reply.json !== undefined) {
            body = JSON.stringify(reply.json);
            headers['content-type'] ??= 'application/json; charset=utf-8';
          }
          res.writeHead(reply.status ?? 200, headers);
          res.end(body);
        })
        .catch((err: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(`test handler failed: ${String(err)}`);
        });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // The handler above reads `local` only when a request arrives, after this line has run.
  const local: LocalServer = {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return local;
}

/** Answers with each reply in turn, then keeps answering with the last. */
export function inTurn(...replies: Reply[]): () => Reply {
  let i = 0;
  return () => replies[Math.min(i++, replies.length - 1)] ?? { status: 500 };
}

/** A fixture file next to a test, parsed. `import.meta.url` of the test locates it. */
export function readFixture<T = Record<string, unknown>>(testUrl: string, name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, testUrl), 'utf8')) as T;
}

/** Options that make a client retry quickly and deterministically in tests. */
export const FAST_RETRIES = { backoffBaseMs: 1, backoffMaxMs: 5, random: () => 0, timeoutMs: 2_000 } as const;

/** The error a call fails with; a call that succeeds fails the test. */
export async function failureOf(call: Promise<unknown>): Promise<IntegrationError> {
  const outcome = await call.then(
    () => new Error('expected the call to fail, but it succeeded'),
    (err: unknown) => err,
  );
  if (outcome instanceof IntegrationError) return outcome;
  throw outcome instanceof Error ? outcome : new Error(String(outcome));
}
