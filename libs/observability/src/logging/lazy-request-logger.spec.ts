import pino, { DestinationStream, Logger } from 'pino';
import { LazyRequestLogger } from './lazy-request-logger';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const destination: DestinationStream = { write: (chunk: string) => void lines.push(JSON.parse(chunk)) };
  const root = pino({ level }, destination);
  const child = jest.spyOn(root, 'child');
  return { lines, root, child };
}

describe('LazyRequestLogger', () => {
  it('makes no child while nothing is logged, or only below the level', () => {
    const { lines, root, child } = capture('info');
    const log = new LazyRequestLogger(root, { request_id: 'r1' });
    log.debug('hidden');
    log.trace({ a: 1 }, 'hidden too');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('makes one child on the first line and logs every line through it, with the bindings', () => {
    const { lines, root, child } = capture('info');
    const log = new LazyRequestLogger(root, { request_id: 'r1' });
    log.info({ book_id: 'b1' }, 'Book created');
    log.warn('second');
    log.error({ err: new Error('boom') }, 'third');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, request_id: 'r1', book_id: 'b1', msg: 'Book created' }),
      expect.objectContaining({ level: 40, request_id: 'r1', msg: 'second' }),
      expect.objectContaining({ level: 50, request_id: 'r1', msg: 'third', err: expect.any(Object) }),
    ]);
  });

  it('derives children that keep its bindings (nestjs-pino assign)', () => {
    const { lines, root } = capture('debug');
    const log = new LazyRequestLogger(root, { request_id: 'r2' });
    (log.child({ extra: true }) as Logger).debug('assigned');
    expect(log.isLevelEnabled('debug')).toBe(true);
    expect(lines).toEqual([expect.objectContaining({ request_id: 'r2', extra: true, msg: 'assigned' })]);
  });
});
