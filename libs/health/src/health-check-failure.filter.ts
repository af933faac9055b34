import { ArgumentsHost, Catch, ExceptionFilter, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Terminus answers a failed check by throwing ServiceUnavailableException with its result as the
 * body. Probes and operators expect that Terminus shape (`status`, `info`, `error`, `details`), so on
 * the health routes it is sent as it is instead of becoming problem+json. Sent through Nest's HTTP
 * adapter, so it reads the same on Express and on Fastify.
 */
@Injectable()
@Catch(ServiceUnavailableException)
export class HealthCheckFailureFilter implements ExceptionFilter {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    httpAdapter.setHeader(response, 'Cache-Control', 'no-cache, no-store, must-revalidate');
    httpAdapter.reply(response, exception.getResponse(), exception.getStatus());
  }
}
