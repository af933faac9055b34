import { rootLoggerOptions } from './root-logger';

describe('rootLoggerOptions', () => {
  it('json: the level as a word, ISO time, redaction, trace ids', () => {
    const options = rootLoggerOptions({ level: 'debug', format: 'json' });
    expect(options.level).toBe('debug');
    expect(options.formatters?.level?.('warn', 40)).toEqual({ level: 'warn' });
    expect(options.transport).toBeUndefined();
    expect(options.redact).toMatchObject({ censor: '[Redacted]' });
    expect(options.mixin?.({}, 30, undefined as never)).toEqual({});
  });

  it('pretty: through pino-pretty, with numeric levels it understands', () => {
    const options = rootLoggerOptions({ level: 'info', format: 'pretty' });
    expect(options.transport).toMatchObject({ target: 'pino-pretty' });
    expect(options.formatters).toBeUndefined();
  });
});
