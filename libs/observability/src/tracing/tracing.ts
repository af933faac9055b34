import type { NodeSDK } from '@opentelemetry/sdk-node';
import { REQUEST_ID_HEADER } from '../request-id/request-id';

export interface TracingOptions {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: tracing is on only when it is set. */
  endpoint?: string;
  /** OTEL_SERVICE_NAME, `book-library-api` by default. */
  serviceName: string;
  /** Requests never traced (probes and scrapes), by URL; the app's route table decides. */
  isIgnored?: (url: string) => boolean;
}

let sdk: NodeSDK | undefined;

/**
 * Starts OpenTelemetry (HTTP, Express and pg instrumentation, OTLP export, W3C trace context) when an
 * endpoint is configured. Call it before express, pg or the app are loaded: the instrumentations
 * patch modules as they are required. The exporter reads the standard OTEL_* variables itself.
 * Returns whether tracing is on.
 */
export function startTracing(options: TracingOptions): boolean {
  if (!options.endpoint) return false;
  if (sdk) return true;
  // Required only here: with tracing off the SDK is never loaded and costs nothing.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { PgInstrumentation } =
    require('@opentelemetry/instrumentation-pg') as typeof import('@opentelemetry/instrumentation-pg');
  /* eslint-enable @typescript-eslint/no-require-imports */
  sdk = new NodeSDK({
    serviceName: options.serviceName,
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the real traces.
        ignoreIncomingRequestHook: (req) => options.isIgnored?.(req.url ?? '/') ?? false,
        // The id the client and the logs know the request by, searchable in the tracing backend.
        applyCustomAttributesOnSpan: (span, _request, response) => {
          const requestId = 'getHeader' in response ? response.getHeader(REQUEST_ID_HEADER) : undefined;
          if (typeof requestId === 'string') span.setAttribute('request.id', requestId);
        },
      }),
      // Route handlers only: a span per middleware (request id, logger, body parser …) is noise.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE] }),
      new PgInstrumentation(),
    ],
    // Traces only: metrics are Prometheus' (/metrics), logs are stdout's.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return true;
}

/** Exports the spans still buffered, then stops tracing; a no-op when tracing is off. */
export async function shutdownTracing(): Promise<void> {
  const running = sdk;
  sdk = undefined;
  await running?.shutdown();
}

export function isTracingOn(): boolean {
  return sdk !== undefined;
}
