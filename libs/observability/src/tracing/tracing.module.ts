import { Module, OnApplicationShutdown } from '@nestjs/common';
import { shutdownTracing } from './tracing';

/** Flushes the buffered spans when the app closes (after the HTTP server stopped). */
@Module({})
export class TracingModule implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await shutdownTracing();
  }
}
