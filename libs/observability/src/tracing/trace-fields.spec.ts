import { context, trace, TraceFlags } from '@opentelemetry/api';
import { activeTraceFields } from './trace-fields';

describe('activeTraceFields', () => {
  it('is empty without tracing (no active span)', () => {
    expect(activeTraceFields()).toEqual({});
  });

  it("names the span's trace and span ids", () => {
    const spanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
    };
    expect(activeTraceFields(trace.setSpanContext(context.active(), spanContext))).toEqual({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
  });

  it('ignores an invalid (all-zero) span context', () => {
    const invalid = { traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: TraceFlags.NONE };
    expect(activeTraceFields(trace.setSpanContext(context.active(), invalid))).toEqual({});
  });
});
