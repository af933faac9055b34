const startTracing = jest.fn();
jest.mock('@app/observability', () => ({ startTracing }));

/** Loads tracing.ts (a side-effect module, as main.ts imports it) with `env` as the environment. */
function loadWith(env: Record<string, string>): void {
  const saved = process.env;
  process.env = { ...env };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh load per case is the point
    jest.isolateModules(() => require('./tracing'));
  } finally {
    process.env = saved;
  }
}

describe('tracing.ts, the first import of main.ts', () => {
  beforeEach(() => startTracing.mockClear());

  it('passes the validated OTEL settings, with the default service name', () => {
    loadWith({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(startTracing).toHaveBeenCalledWith({
      endpoint: 'http://collector:4318',
      serviceName: 'book-library-api',
      isIgnored: expect.any(Function),
    });
    // The route table's rule: probes and scrapes are not traced, API calls and the docs are.
    const { isIgnored } = startTracing.mock.calls[0][0] as { isIgnored: (url: string) => boolean };
    expect(['/health', '/ready?x=1', '/METRICS', '/api/v1/books', '/docs'].map(isIgnored)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('leaves the endpoint unset (tracing off) when the variable is', () => {
    loadWith({ OTEL_SERVICE_NAME: 'library-eu' });
    expect(startTracing).toHaveBeenCalledWith({
      endpoint: undefined,
      serviceName: 'library-eu',
      isIgnored: expect.any(Function),
    });
  });

  it('starts nothing and throws nothing on a bad configuration: main.ts reports it', () => {
    expect(() => loadWith({ PORT: 'eighty' })).not.toThrow();
    expect(startTracing).not.toHaveBeenCalled();
  });
});
