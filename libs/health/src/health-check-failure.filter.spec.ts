import { ArgumentsHost, ServiceUnavailableException } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { HealthCheckFailureFilter } from './health-check-failure.filter';

/** A fake HTTP adapter that records what the filter sends. */
function recordingFilter() {
  const response = {};
  const sent: { status?: number; headers: Record<string, string>; body?: unknown; response?: unknown } = {
    headers: {},
  };
  const httpAdapter = {
    setHeader(to: unknown, name: string, value: string) {
      expect(to).toBe(response);
      sent.headers[name] = value;
    },
    reply(to: unknown, body: unknown, status: number) {
      sent.response = to;
      sent.body = body;
      sent.status = status;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  const filter = new HealthCheckFailureFilter({ httpAdapter } as unknown as HttpAdapterHost);
  return { filter, host, sent, response };
}

describe('HealthCheckFailureFilter', () => {
  const terminusResult = {
    status: 'error',
    info: {},
    error: { database: { status: 'down', message: 'connection refused' } },
    details: { database: { status: 'down', message: 'connection refused' } },
  };

  it("answers Terminus' own result as the body with 503, not a problem document", () => {
    const { filter, host, sent, response } = recordingFilter();
    filter.catch(new ServiceUnavailableException(terminusResult), host);
    expect(sent.status).toBe(503);
    expect(sent.body).toEqual(terminusResult);
    expect(sent.response).toBe(response);
  });

  it('forbids caching, so a probe never reads a stale failure', () => {
    const { filter, host, sent } = recordingFilter();
    filter.catch(new ServiceUnavailableException(terminusResult), host);
    expect(sent.headers['Cache-Control']).toBe('no-cache, no-store, must-revalidate');
  });
});
