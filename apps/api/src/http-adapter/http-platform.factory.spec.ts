import { expressPlatform } from './express.adapter';
import { fastifyPlatform } from './fastify.adapter';
import { httpPlatformOf } from './http-platform.factory';

describe('httpPlatformOf', () => {
  it('is the platform HTTP_ADAPTER names', () => {
    expect(httpPlatformOf('express')).toBe(expressPlatform);
    expect(httpPlatformOf('fastify')).toBe(fastifyPlatform);
  });
});
