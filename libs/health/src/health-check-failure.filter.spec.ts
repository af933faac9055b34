import { ArgumentsHost, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckFailureFilter } from './health-check-failure.filter';

/** A fake Express response that records what the filter sends. */
function recordingHost() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const response = {
    status(code: number) {
      sent.status = code;
      return response;
    },
    setHeader(name: string, value: string) {
      sent.headers[name] = value;
      return response;
    },
    json(body: unknown) {
      sent.body = body;
      return response;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  return { host, sent };
}

describe('HealthCheckFailureFilter', () => {
  const terminusResult = {
    status: 'error',
    info: {},
    error: { database: { status: 'down', message: 'connection refused' } },
    details: { database: { status: 'down', message: 'connection refused' } },
  };

  it("answers Terminus' own result as the body with 503, not a problem document", () => {
    const { host, sent } = recordingHost();
    new HealthCheckFailureFilter().catch(new ServiceUnavailableException(terminusResult), host);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual(terminusResult);
  });

  it('forbids caching, so a probe never reads a stale failure', () => {
    const { host, sent } = recordingHost();
    new HealthCheckFailureFilter().catch(new ServiceUnavailableException(terminusResult), host);
    expect(sent.headers['Cache-Control']).toBe('no-cache, no-store, must-revalidate');
  });
});
