import autocannon, { Request, Result } from 'autocannon';
import type { RunningService } from './service-process';

// One bounded autocannon run against a service, with the server's CPU and memory over the same window.

export interface LoadSettings {
  durationSeconds: number;
  connections: number;
}

export interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  requests: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  statusCodes: Record<string, number>;
  cpuPercent: number;
  peakRssMb: number;
}

/** Extra seconds past the duration before a run is stopped regardless (a stuck server). */
const WATCHDOG_GRACE_SECONDS = 30;
/** A request count no single core reaches: bounds every run by count as well as by time. */
const MAX_REQUESTS_PER_SECOND = 200_000;

function run(
  url: string,
  requests: Request[],
  { durationSeconds, connections }: LoadSettings,
  overallRate?: number,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        duration: durationSeconds,
        maxOverallRequests: durationSeconds * (overallRate ?? MAX_REQUESTS_PER_SECOND),
        requests,
        timeout: 10,
        ...(overallRate ? { overallRate } : {}),
      },
      (error: unknown, result: Result) => {
        clearTimeout(watchdog);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve(result);
      },
    );
    const watchdog = setTimeout(() => instance.stop(), (durationSeconds + WATCHDOG_GRACE_SECONDS) * 1000);
  });
}

/**
 * One measured run after an unmeasured warm-up. With `overallRate` it is open-loop: requests leave at that
 * fixed rate whatever the latency (autocannon spreads them over the connections), so p99 shows queueing
 * at that load instead of restating throughput as a closed loop does.
 */
export async function measure(
  service: Pick<RunningService, 'url' | 'sampler'>,
  requests: () => Request[],
  settings: LoadSettings & { warmupSeconds: number },
  afterRun: () => void = () => undefined,
  overallRate?: number,
): Promise<Measurement> {
  if (settings.warmupSeconds > 0) {
    await run(service.url, requests(), { ...settings, durationSeconds: settings.warmupSeconds }, overallRate);
    afterRun();
  }
  const start = service.sampler.mark();
  const result = await run(service.url, requests(), settings, overallRate);
  const window = service.sampler.window(start);
  afterRun();
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    statusCodes,
    ...window,
  };
}

/** The measurement with the median requests/s (the lower middle one of an even count). */
export function medianByThroughput(measurements: readonly Measurement[]): Measurement {
  if (measurements.length === 0) throw new Error('no measurements');
  const sorted = [...measurements].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}
