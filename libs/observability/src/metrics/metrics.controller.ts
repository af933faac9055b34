import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
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
  override async index(@Res({ passthrough: true }) response: Response): Promise<string> {
    response.type(this.registry.contentType);
    return this.registry.metrics();
  }
}
