import { Context, context, isSpanContextValid, trace } from '@opentelemetry/api';

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
}

/**
 * The active span's ids, for every log line (a pino mixin). Without tracing there is no active span
 * and this returns nothing, at the cost of one context lookup.
 */
export function activeTraceFields(active: Context = context.active()): TraceFields {
  const spanContext = trace.getSpanContext(active);
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
