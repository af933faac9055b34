import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { HttpResponse } from '@app/http';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import { Registry } from 'prom-client';

/** GET /metrics in Prometheus' text format; an operational endpoint, so not part of the API contract. */
@ApiExcludeController()
@Controller()
export class MetricsController extends PrometheusController {
  constructor(private readonly registry: Registry) {
    super();
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  override async index(@Res({ passthrough: true }) response: HttpResponse): Promise<string> {
    response.header('Content-Type', this.registry.contentType);
    return this.registry.metrics();
  }
}
