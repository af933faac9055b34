import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OBSERVABILITY_DIR, PROMETHEUS_DIR, REPO_ROOT } from './observability-paths';
import { promtool } from './promtool';

interface PrometheusConfig {
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; metrics_path?: string; static_configs: Array<{ targets: string[] }> }>;
}

describe.each([
  ['prometheus.yml', 'api:8080'], // docker-compose: mounted at /etc/prometheus, the API is the `api` service
  ['prometheus.local.yml', '127.0.0.1:8080'], // a Prometheus on the host next to `npm run start:prod`
])('%s', (file, target) => {
  const path = join(PROMETHEUS_DIR, file);

  it('passes promtool check config (rule files included)', () => {
    const result = promtool(['check', 'config', path]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it(`scrapes the API as job book-library-api at ${target} and loads rules/*.yml`, () => {
    const config = parse(readFileSync(path, 'utf8')) as PrometheusConfig;
    const job = config.scrape_configs.find((scrape) => scrape.job_name === 'book-library-api');
    expect(job?.static_configs.flatMap((group) => group.targets)).toEqual([target]);
    expect(job?.metrics_path ?? '/metrics').toBe('/metrics');
    expect(config.rule_files).toEqual(['rules/*.yml']);
  });
});

it('promtool check config fails on a config whose rule file does not parse', () => {
  // The check above is only worth something if promtool really reads the rule files.
  const dir = mkdtempSync(join(tmpdir(), 'prometheus-config-'));
  try {
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'prometheus.yml'), readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml')));
    writeFileSync(
      join(dir, 'rules', 'broken.yml'),
      'groups:\n  - name: broken\n    rules:\n      - record: x:y:z\n        expr: sum(\n',
    );
    const result = promtool(['check', 'config', join(dir, 'prometheus.yml')]);
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/broken\.yml/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every `prometheus --config.file=…` command written in a file, with `\` continuations (and `#`) joined. */
function prometheusCommandsIn(text: string): string[] {
  const joined = text.replace(/\\\n[#\s]*/g, ' ');
  return [...joined.matchAll(/prometheus --config\.file=\S+[^\n`]*/g)].map((match) => match[0]);
}

describe('the documented local Prometheus command', () => {
  const files = [
    join(REPO_ROOT, 'README.md'),
    join(OBSERVABILITY_DIR, 'README.md'),
    join(PROMETHEUS_DIR, 'prometheus.local.yml'),
  ];

  it.each(files)('in %s listens on loopback only and keeps the 31 days the 30-day panels read', (file) => {
    const commands = prometheusCommandsIn(readFileSync(file, 'utf8'));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      expect(command).toContain('--web.listen-address=127.0.0.1:9090');
      expect(command).toMatch(/--storage\.tsdb\.retention\.time=(3[1-9]|[4-9]\d|\d{3,})d\b/);
    }
  });

  it('a command without those flags is caught', () => {
    const commands = prometheusCommandsIn(
      'run `prometheus --config.file=observability/prometheus/prometheus.local.yml \\\n  --storage.tsdb.path=.tmp/p`',
    );
    expect(commands).toHaveLength(1);
    expect(commands[0]).not.toContain('--web.listen-address=127.0.0.1:9090');
  });
});
