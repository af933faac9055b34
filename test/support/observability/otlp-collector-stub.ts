import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A span as OTLP/HTTP JSON carries it (the fields the tests read). */
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
  scope: string;
  serviceName?: string;
}

export const SPAN_KIND_SERVER = 2;

export interface CollectorStub {
  url: string;
  spans: OtlpSpan[];
  close(): Promise<void>;
}

/** An OTLP/HTTP receiver on 127.0.0.1 that keeps the spans of every JSON export (OTEL_EXPORTER_OTLP_PROTOCOL=http/json). */
export async function startCollectorStub(): Promise<CollectorStub> {
  const spans: OtlpSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: {
            resource: { attributes: OtlpSpan['attributes'] };
            scopeSpans: { scope: { name: string }; spans: Omit<OtlpSpan, 'scope'>[] }[];
          }[];
        };
        for (const resourceSpans of body.resourceSpans) {
          const serviceName = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value
            .stringValue;
          for (const scopeSpans of resourceSpans.scopeSpans) {
            for (const span of scopeSpans.spans) spans.push({ ...span, scope: scopeSpans.scope.name, serviceName });
          }
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function attributeOf(span: OtlpSpan, key: string): string | undefined {
  const value = span.attributes.find((a) => a.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : String(value.intValue));
}
