// The bare baseline: node:http + pg answering getBook and the first page of listBooks with the very
// SQL the repository sends (captured by the benchmark), the same pool size, on the same core.
// Run by plain `node` (type stripping): no framework, no validation, no logging, no metrics.
import { createServer, ServerResponse } from 'node:http';
import pg from 'pg';

const env = process.env;
const getBook = JSON.parse(env.BASELINE_GET_BOOK_QUERY ?? '') as { sql: string; params: unknown[] };
/** The captured parameters with the book id replaced by this marker. */
const ID_PARAM = '$id';
const firstPage = JSON.parse(env.BASELINE_FIRST_PAGE_QUERY ?? '') as { sql: string; params: unknown[] };
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10) });
const BOOK_PATH = /^\/api\/v1\/books\/([0-9a-f-]{36})$/;
const PAGE_SIZE = 20;

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

const server = createServer((req, res) => {
  const path = req.url ?? '';
  const book = BOOK_PATH.exec(path);
  if (book) {
    const params = getBook.params.map((p) => (p === ID_PARAM ? book[1] : p));
    pool.query(getBook.sql, params).then(
      (result) => (result.rows[0] ? send(res, 200, result.rows[0]) : send(res, 404, { title: 'Not Found' })),
      (error: Error) => send(res, 500, { title: error.message }),
    );
  } else if (path === '/api/v1/books') {
    pool.query(firstPage.sql, firstPage.params).then(
      (result) => send(res, 200, { items: result.rows.slice(0, PAGE_SIZE), nextCursor: null }),
      (error: Error) => send(res, 500, { title: error.message }),
    );
  } else if (path === '/ready') {
    send(res, 200, { status: 'ok' });
  } else {
    send(res, 404, { title: 'Not Found' });
  }
});

server.listen(Number(env.PORT ?? 8080), env.HOST ?? '127.0.0.1');
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void pool.end().then(() => process.exit(0));
});
