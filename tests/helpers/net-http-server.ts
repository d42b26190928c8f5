// A small HTTP server on 127.0.0.1 for get_url/uri tests: serves what the test puts in `routes` (changed at
// will between runs), records every request (method, path, headers, body), and closes in `close()`.

import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface Route {
  status?: number;
  body: string | Buffer;
  headers?: Record<string, string>;
  /** Sent as Last-Modified; a request with If-Modified-Since not older gets 304 (as python's http.server). */
  lastModified?: Date;
}

export interface Recorded {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface TestHttpServer {
  url(path: string): string;
  routes: Map<string, Route>;
  requests: Recorded[];
  close(): Promise<void>;
}

export function startHttpServer(): Promise<TestHttpServer> {
  const routes = new Map<string, Route>();
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() });
      const r = routes.get((req.url ?? '').replace(/\?.*$/, ''));
      if (!r) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      const ims = req.headers['if-modified-since'];
      if (r.lastModified && ims && Math.floor(r.lastModified.getTime() / 1000) <= Date.parse(ims) / 1000) {
        res.writeHead(304).end();
        return;
      }
      const lm = r.lastModified ? { 'last-modified': r.lastModified.toUTCString() } : {};
      res.writeHead(r.status ?? 200, { 'content-type': 'application/octet-stream', ...lm, ...r.headers }).end(req.method === 'HEAD' ? undefined : r.body);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        url: (path) => `http://127.0.0.1:${port}${path}`,
        routes,
        requests,
        close: () => new Promise<void>((r) => server.close(() => r())),
      });
    });
  });
}
