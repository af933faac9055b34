import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { HealthCheckFailureFilter } from './health-check-failure.filter';
import { ReadinessIndicator } from './readiness.indicator';

/** Probes for Kubernetes, answered from memory; the app keeps them outside /api and the rate limits. */
@ApiTags('health')
@Controller()
@UseFilters(HealthCheckFailureFilter)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: ReadinessIndicator,
  ) {}

  @Get('health')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: 200 while the process can serve requests (the database is not checked)',
  })
  liveness(): Promise<HealthCheckResult> {
    return this.health.check([() => this.indicators.check('process').up()]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({
    operationId: 'getReadiness',
    summary: 'Readiness: 200 when the database answers, migrations are applied and the process is not shutting down',
  })
  readinessCheck(): Promise<HealthCheckResult> {
    return this.health.check(this.readiness.indicatorsForReadiness());
  }
}
