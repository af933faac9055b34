import type { InjectionToken, ModuleMetadata } from '@nestjs/common';

/** A gauge's value: a number, or one number per value of its label (`{ total: 3, idle: 1 }`). */
export type GaugeReading = number | Readonly<Record<string, number>>;

/**
 * A gauge read when Prometheus scrapes (prom-client `collect()`), e.g. from the database, so every
 * replica reports the same truth. The app wires the source; this library knows no feature module.
 */
export interface ScrapeGauge {
  name: string;
  help: string;
  /** Set when the reading is a record: its keys become this label's values. */
  labelName?: string;
  /** Providers handed to `useFactory` (their modules go in `MetricsOptions.imports`). */
  inject?: InjectionToken[];
  useFactory: (...dependencies: never[]) => () => GaugeReading | Promise<GaugeReading>;
}

export interface MetricsOptions {
  /** Modules exporting the providers the scrape gauges inject. */
  imports?: ModuleMetadata['imports'];
  scrapeGauges?: ScrapeGauge[];
  /** A gauge not read within this time is reported as unknown, so a slow database cannot hang /metrics. */
  scrapeTimeoutMs?: number;
  /** Paths neither counted nor timed (probes and scrapes); the app's route table decides. */
  isUnmonitored?: (path: string) => boolean;
}

export const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

export const DEFAULT_SCRAPE_TIMEOUT_MS = 2_000;
