import type { ChaosLoad } from '../support/chaos/chaos-load';

/** What one experiment measured, as docs/reliability.md shows it. */
export interface ExperimentFigures {
  experiment: string;
  requests: number;
  /** Attempts by outcome: `201`, `503`, `502 proxy`, `no response`, … */
  byStatus: Map<string, number>;
  writesAcknowledged: number;
  writesUnacknowledged: number;
  p99Ms: number;
  /** Fault removed (or replica gone) until the service was whole again; undefined when not applicable. */
  recoverySeconds?: number;
  durationSeconds: number;
}

export function figuresOf(
  experiment: string,
  load: ChaosLoad,
  { recoveryMs, startedAt }: { recoveryMs?: number; startedAt: number },
): ExperimentFigures {
  const byStatus = new Map<string, number>();
  for (const attempt of load.attempts) {
    const label = attempt.status === 0 ? 'no response' : `${attempt.status}${attempt.fromProxy ? ' proxy' : ''}`;
    byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
  }
  const latencies = load.attempts.map((attempt) => attempt.ms).sort((a, b) => a - b);
  const acknowledged = load.acknowledged().length;
  return {
    experiment,
    requests: load.attempts.length,
    byStatus: new Map([...byStatus].sort(([a], [b]) => a.localeCompare(b))),
    writesAcknowledged: acknowledged,
    writesUnacknowledged: load.writes.length - acknowledged,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0,
    recoverySeconds: recoveryMs === undefined ? undefined : recoveryMs / 1000,
    durationSeconds: (Date.now() - startedAt) / 1000,
  };
}

/** The figures as a Markdown table (printed by the suite; the latest run is copied into docs/reliability.md). */
export function figuresTable(rows: readonly ExperimentFigures[]): string {
  const lines = [
    '| experiment | requests | by status | writes acked / not | p99 ms | recovery s | duration s |',
    '|---|---:|---|---:|---:|---:|---:|',
    ...rows.map((row) =>
      [
        row.experiment,
        row.requests,
        [...row.byStatus].map(([status, count]) => `${status}: ${count}`).join(', '),
        `${row.writesAcknowledged} / ${row.writesUnacknowledged}`,
        row.p99Ms,
        row.recoverySeconds === undefined ? '–' : row.recoverySeconds.toFixed(1),
        row.durationSeconds.toFixed(0),
      ].join(' | '),
    ),
  ];
  return lines
    .map((line) => (line.startsWith('| experiment') || line.startsWith('|---') ? line : `| ${line} |`))
    .join('\n');
}
