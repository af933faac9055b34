import type { ExecutionContext } from '@nestjs/common';
import { JsonTooDeepError } from '../errors/json-too-deep.error';
import { JsonDepthGuard, MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.guard';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

const contextWith = (body: unknown, type = 'http') =>
  ({ getType: () => type, switchToHttp: () => ({ getRequest: () => ({ body }) }) }) as unknown as ExecutionContext;

describe('nestsDeeperThan', () => {
  it.each([
    [undefined, 0, false],
    ['text', 0, false],
    [{ title: 'Dune', authors: ['Frank Herbert'] }, 2, false],
    [{ title: 'Dune', authors: ['Frank Herbert'] }, 1, true],
    [nested(32), 32, false],
    [nested(33), 32, true],
  ])('%#: depth limit %p → %p', (value, max, deeper) => {
    expect(nestsDeeperThan(value, max as number)).toBe(deeper);
  });

  it('survives a depth that would overflow a recursive walk', () => {
    expect(nestsDeeperThan(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`), MAX_JSON_DEPTH)).toBe(true);
  });
});

describe('JsonDepthGuard', () => {
  const guard = new JsonDepthGuard();

  it('lets a book through and refuses a body nested too deeply with a 400', () => {
    expect(guard.canActivate(contextWith({ title: 'Dune', authors: ['Frank Herbert'] }))).toBe(true);
    expect(() => guard.canActivate(contextWith(nested(MAX_JSON_DEPTH + 1)))).toThrow(JsonTooDeepError);
    expect(guard.canActivate(contextWith(nested(100), 'rpc'))).toBe(true);
  });
});
