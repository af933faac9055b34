import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule as PinoLoggerModule } from 'nestjs-pino';
import { createHttpLogger, HTTP_LOGGER } from './http-logging';
import { LoggingOptions } from './logging.options';
import { createRootLogger } from './root-logger';

/**
 * JSON logs through pino: Nest's Logger and the injectable PinoLogger write through one root logger,
 * and lines written while serving a request carry its request_id (nestjs-pino's request context).
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const root = createRootLogger(options);
    return {
      module: LoggingModule,
      global: true,
      imports: [
        // useExisting: the request logger is ours, mounted before the body parser (the request pipeline);
        // nestjs-pino binds the `req.log` it gives each request to that request's context.
        PinoLoggerModule.forRoot({ pinoHttp: { logger: root }, useExisting: true }),
      ],
      providers: [{ provide: HTTP_LOGGER, useValue: createHttpLogger(root, options.isQuiet) }],
      exports: [PinoLoggerModule, HTTP_LOGGER],
    };
  }
}
