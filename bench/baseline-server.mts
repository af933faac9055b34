// The bare baseline: node:http + pg answering every scenario of the benchmark with the very SQL the repository
// sends (captured by the benchmark from the production build), the same pool size, on the same core.
// Run by plain `node` (type stripping): no framework, no validation, no logging, no metrics.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { type Answer, BaselineBooks, templatesFromEnv } from './baseline-books.mts';

const env = process.env;
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10) });
const books = new BaselineBooks(pool, templatesFromEnv(env));
const BOOKS = '/api/v1/books';
const BOOK_PATH = /^\/api\/v1\/books\/([0-9a-f-]{36})$/;

function send(res: ServerResponse, { status, headers, body }: Answer): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
}

async function answer(req: IncomingMessage): Promise<Answer> {
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path === BOOKS) {
    if (req.method === 'POST') return books.create((await bodyOf(req)) as Parameters<BaselineBooks['create']>[0]);
    return books.list(new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)));
  }
  const book = BOOK_PATH.exec(path);
  if (book && req.method === 'PATCH') {
    const ifMatch = req.headers['if-match'];
    return books.update(book[1], ifMatch, await bodyOf(req));
  }
  if (book) return books.getBook(book[1]);
  if (path === '/ready') return { status: 200, headers: {}, body: { status: 'ok' } };
  return { status: 404, headers: {}, body: { title: 'Not Found' } };
}

const server = createServer((req, res) => {
  answer(req).then(
    (result) => send(res, result),
    (error: Error) => send(res, { status: 500, headers: {}, body: { title: error.message } }),
  );
});

server.listen(Number(env.PORT ?? 8080), env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
