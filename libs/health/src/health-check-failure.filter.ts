import { ArgumentsHost, Catch, ExceptionFilter, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';

/**
 * Terminus answers a failed check by throwing ServiceUnavailableException with its result as the
 * body. Probes and operators expect that Terminus shape (`status`, `info`, `error`, `details`), so on
 * the health routes it is sent as it is instead of becoming problem+json.
 */
@Catch(ServiceUnavailableException)
export class HealthCheckFailureFilter implements ExceptionFilter {
  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response
      .status(exception.getStatus())
      .setHeader('Cache-Control', 'no-cache, no-store, must-revalidate')
      .json(exception.getResponse());
  }
}
