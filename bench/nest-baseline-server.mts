// The featureless Nest baseline: one controller, one `pg` pool, nothing else (no pipes, guards, interceptors,
// logging, metrics or validation), on Express or Fastify (BASELINE_ADAPTER), answering every scenario with the
// same captured SQL as the bare baseline. Our service over this one prices our pipeline; this one over the bare
// baseline prices the framework. Run by plain `node` (type stripping), so decorators are applied as functions.
import { Body, Controller, Get, Headers, Module, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import 'reflect-metadata';
import { type Answer, BaselineBooks, templatesFromEnv } from './baseline-books.mts';

const env = process.env;
const adapter = env.BASELINE_ADAPTER === 'fastify' ? 'fastify' : 'express';
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: Number(env.DB_POOL_SIZE ?? 10) });
const books = new BaselineBooks(pool, templatesFromEnv(env));
const MERGE_PATCH = 'application/merge-patch+json';

/** Express's `res` or Fastify's `reply`: the two calls that differ. */
interface Reply {
  status(code: number): Reply;
  set?(headers: Record<string, string>): Reply;
  headers?(headers: Record<string, string>): Reply;
  json?(body: unknown): void;
  send(body: unknown): void;
}

function reply(res: Reply, { status, headers, body }: Answer): void {
  res.status(status);
  if (res.headers) res.headers(headers).send(body);
  else res.set!(headers).json!(body);
}

class BooksController {
  async list(query: Record<string, string>, res: Reply) {
    reply(res, await books.list(new URLSearchParams(query)));
  }

  async getBook(id: string, res: Reply) {
    reply(res, await books.getBook(id));
  }

  async create(body: Parameters<BaselineBooks['create']>[0], res: Reply) {
    reply(res, await books.create(body));
  }

  async update(id: string, ifMatch: string | undefined, body: Record<string, unknown>, res: Reply) {
    reply(res, await books.update(id, ifMatch, body));
  }

  ready(res: Reply) {
    reply(res, { status: 200, headers: {}, body: { status: 'ok' } });
  }
}

const route = (decorator: MethodDecorator, method: keyof BooksController, ...params: ParameterDecorator[]) => {
  const proto = BooksController.prototype;
  decorator(proto, method, Object.getOwnPropertyDescriptor(proto, method)!);
  params.forEach((param, index) => param(proto, method, index));
};
route(Get('books'), 'list', Query(), Res());
route(Get('books/:id'), 'getBook', Param('id'), Res());
route(Post('books'), 'create', Body(), Res());
route(Patch('books/:id'), 'update', Param('id'), Headers('if-match'), Body(), Res());
route(Get('ready'), 'ready', Res());
Controller()(BooksController);

class AppModule {}
Module({ controllers: [BooksController] })(AppModule);

async function main(): Promise<void> {
  const port = Number(env.PORT ?? 8080);
  const host = env.HOST ?? '127.0.0.1';
  if (adapter === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter(), { logger: false });
    const fastify = app.getHttpAdapter().getInstance();
    fastify.addContentTypeParser(MERGE_PATCH, { parseAs: 'string' }, fastify.getDefaultJsonParser('ignore', 'ignore'));
    app.setGlobalPrefix('api/v1', { exclude: ['ready'] });
    app.enableShutdownHooks();
    await app.listen(port, host);
  } else {
    const app = await NestFactory.create<NestExpressApplication>(AppModule, new ExpressAdapter(), {
      logger: false,
      bodyParser: false,
    });
    app.useBodyParser('json', { type: ['application/json', MERGE_PATCH] });
    app.setGlobalPrefix('api/v1', { exclude: ['ready'] });
    app.enableShutdownHooks();
    await app.listen(port, host);
  }
}

process.once('SIGTERM', () => void pool.end().then(() => process.exit(0)));
void main();
