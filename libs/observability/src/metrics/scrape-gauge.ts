import { setImmediate as afterThisTurn } from 'node:timers/promises';
import { Gauge, Registry } from 'prom-client';
import { ScrapeTimeoutError } from '../errors/scrape-timeout.error';

/** A gauge's value: a number, or one number per value of its label (`{ total: 3, idle: 1 }`). */
export type GaugeReading = number | Readonly<Record<string, number>>;

export type GaugeReader = () => GaugeReading | Promise<GaugeReading>;

/** A gauge not read within this time is reported as unknown, so a slow database cannot hang /metrics. */
export const DEFAULT_SCRAPE_TIMEOUT_MS = 2_000;

export interface ScrapeGaugeDefinition {
  name: string;
  help: string;
  /** Set when the reading is a record: its keys become this label's values. */
  labelName?: string;
}

async function withTimeout<T>(reading: Promise<T>, name: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScrapeTimeoutError(name, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Registers a gauge whose value is read from its source on every scrape, bounded by `timeoutMs`, for
 * the module that owns the source. The read starts after the scrape's synchronous samples (prom-client
 * starts every collector in one turn), so a query it runs never shows in db_pool_connections.
 * A failed or late reading never fails the scrape: an unlabelled gauge reports NaN (unknown), a
 * labelled one no series. A gauge of the same name is replaced: the newest app in the process serves it.
 */
export function registerScrapeGauge(
  registry: Registry,
  definition: ScrapeGaugeDefinition,
  read: GaugeReader,
  timeoutMs: number,
  onError: (error: unknown) => void,
): Gauge {
  const { name, help, labelName } = definition;
  registry.removeSingleMetric(name);
  return new Gauge({
    name,
    help,
    labelNames: labelName === undefined ? [] : [labelName],
    registers: [registry],
    async collect() {
      try {
        const reading = await withTimeout(
          afterThisTurn().then(() => read()),
          name,
          timeoutMs,
        );
        this.reset();
        if (typeof reading === 'number') {
          this.set(reading);
        } else {
          for (const [value, count] of Object.entries(reading)) this.set({ [labelName ?? 'value']: value }, count);
        }
      } catch (error) {
        this.reset();
        if (labelName === undefined) this.set(Number.NaN);
        onError(error);
      }
    },
  });
}

/** Removes `metric` from the registry if it is still the one registered as `name` (not a newer app's). */
export function unregisterMetric(registry: Registry, name: string, metric: unknown): void {
  if (registry.getSingleMetric(name) === metric) registry.removeSingleMetric(name);
}
