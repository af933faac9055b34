const start = jest.fn();
const shutdown = jest.fn(async () => undefined);
const NodeSDK = jest.fn(() => ({ start, shutdown }));
jest.mock('@opentelemetry/sdk-node', () => ({ NodeSDK }));

import { isTracingOn, shutdownTracing, startTracing } from './tracing';

describe('tracing', () => {
  afterEach(async () => {
    await shutdownTracing();
    jest.clearAllMocks();
  });

  it('stays off, without loading the SDK, when no endpoint is configured', () => {
    expect(startTracing({ endpoint: undefined, serviceName: 'book-library-api' })).toBe(false);
    expect(NodeSDK).not.toHaveBeenCalled();
    expect(isTracingOn()).toBe(false);
  });

  it('starts the SDK with the service name and http, express and pg instrumentation', () => {
    expect(startTracing({ endpoint: 'http://127.0.0.1:4318', serviceName: 'book-library-api' })).toBe(true);
    expect(NodeSDK).toHaveBeenCalledTimes(1);
    const config = (NodeSDK.mock.calls[0] as unknown[])[0] as {
      serviceName: string;
      instrumentations: { instrumentationName: string }[];
      metricReaders: unknown[];
    };
    expect(config.serviceName).toBe('book-library-api');
    expect(config.instrumentations.map((i) => i.instrumentationName)).toEqual([
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-express',
      '@opentelemetry/instrumentation-pg',
    ]);
    expect(config.metricReaders).toEqual([]);
    expect(start).toHaveBeenCalledTimes(1);
    expect(isTracingOn()).toBe(true);
    // Idempotent: a second call does not start a second SDK.
    expect(startTracing({ endpoint: 'http://127.0.0.1:4318', serviceName: 'x' })).toBe(true);
    expect(NodeSDK).toHaveBeenCalledTimes(1);
  });

  it('flushes and stops on shutdown, once', async () => {
    startTracing({ endpoint: 'http://127.0.0.1:4318', serviceName: 'book-library-api' });
    await shutdownTracing();
    await shutdownTracing();
    expect(shutdown).toHaveBeenCalledTimes(1);
    expect(isTracingOn()).toBe(false);
  });
});
