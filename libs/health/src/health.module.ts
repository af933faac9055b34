import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, HealthOptions } from './health.options';
import { HealthStatusMetric } from './health-status.metric';
import { ReadinessIndicator } from './readiness.indicator';
import { ServiceLifecycle } from './service-lifecycle';

/** /health (liveness), /ready (readiness), the health_status gauge and graceful shutdown. Needs DatabaseModule. */
@Module({})
export class HealthModule {
  static forRoot(options: HealthOptions): DynamicModule {
    return {
      module: HealthModule,
      // Readiness logs its own changes; Terminus would log every failed probe.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: HEALTH_OPTIONS, useValue: options },
        HealthStatusMetric,
        ReadinessIndicator,
        ServiceLifecycle,
      ],
      exports: [ReadinessIndicator, ServiceLifecycle],
    };
  }
}
