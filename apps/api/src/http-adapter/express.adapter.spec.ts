import type { INestApplication } from '@nestjs/common';
import type { Express } from 'express';
import type { IncomingMessage } from 'node:http';
import { parseEnv } from '../config/env.schema';
import { expressPlatform } from './express.adapter';

const appOf = (adapter: ReturnType<typeof expressPlatform.createAdapter>) =>
  ({ getHttpAdapter: () => adapter }) as unknown as INestApplication;

describe('expressPlatform', () => {
  it('sets Express as the pipeline expects: one proxy hop when told, simple queries, no ETag nor X-Powered-By', () => {
    const express = expressPlatform.createAdapter(parseEnv({ TRUST_PROXY: 'true' })).getInstance<Express>();
    expect(express.get('trust proxy')).toBe(1);
    expect(express.get('query parser')).toBe('simple');
    expect(express.get('etag')).toBe(false);
    expect(express.enabled('x-powered-by')).toBe(false);
    expect(expressPlatform.createAdapter(parseEnv({})).getInstance<Express>().get('trust proxy')).toBe(false);
  });

  it('names the route Express matched by its template, with the base URL of a mounted router', () => {
    const request = (fields: object) => fields as unknown as IncomingMessage;
    expect(expressPlatform.routeTemplateOf(request({ route: { path: '/:id' }, baseUrl: '/api/v1/books' }))).toBe(
      '/api/v1/books/:id',
    );
    expect(expressPlatform.routeTemplateOf(request({ url: '/nope' }))).toBeUndefined();
    expect(expressPlatform.routeTemplateOf(request({ route: { path: /books/ } }))).toBeUndefined();
  });

  it('lists the routes with their methods, not the catch-alls that answer every method', () => {
    const adapter = expressPlatform.createAdapter(parseEnv({}));
    const express = adapter.getInstance<Express>();
    express.get('/health', () => undefined);
    express.post('/api/v1/books', () => undefined);
    express.all('/api{/*path}', () => undefined);
    expect(expressPlatform.routes(appOf(adapter))).toEqual([
      { path: '/health', methods: ['get'] },
      { path: '/api/v1/books', methods: ['post'] },
    ]);
  });
});
