import { Gauge, Registry } from 'prom-client';
import { GaugeReading, ScrapeGauge } from './metrics.options';

export type GaugeReader = () => GaugeReading | Promise<GaugeReading>;

export class ScrapeTimeoutError extends Error {
  constructor(name: string, timeoutMs: number) {
    super(`${name} was not read within ${timeoutMs} ms`);
    this.name = 'ScrapeTimeoutError';
  }
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
 * Registers a gauge whose value is read on every scrape, bounded by `timeoutMs`. A failed or late
 * reading never fails the scrape: an unlabelled gauge reports NaN (unknown), a labelled one no series.
 * A gauge of the same name is replaced: the newest app in the process serves it.
 */
export function registerScrapeGauge(
  registry: Registry,
  definition: Pick<ScrapeGauge, 'name' | 'help' | 'labelName'>,
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
        const reading = await withTimeout(Promise.resolve().then(read), name, timeoutMs);
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
