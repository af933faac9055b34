import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '../..');
const CONTRACT = 'apps/api/openapi.json';

interface Finding {
  code: string;
  path: string[];
  severity: number; // 0 error, 1 warning, 2 info, 3 hint
  message: string;
}

/** `spectral lint` with the committed ruleset (.spectral.yaml), failing on errors as CI does. */
async function spectral(document: string): Promise<{ code: number; errors: Finding[] }> {
  const args = ['lint', document, '--ruleset', '.spectral.yaml', '--fail-severity', 'error', '-f', 'json', '--quiet'];
  const { code, stdout } = await promisify(execFile)(resolve(ROOT, 'node_modules/.bin/spectral'), args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
  );
  const findings = JSON.parse(stdout || '[]') as Finding[];
  return { code, errors: findings.filter((f) => f.severity === 0) };
}

const describeFinding = (f: Finding) => `${f.code} at ${f.path.join('.')}: ${f.message}`;

describe('the committed contract under Spectral with the OWASP API Security ruleset', () => {
  it('has no error', async () => {
    const { code, errors } = await spectral(CONTRACT);
    expect(errors.map(describeFinding)).toEqual([]);
    expect(code).toBe(0);
  }, 120_000);

  it('fails a contract whose request body lets a string grow without bound', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spectral-'));
    try {
      const doc = JSON.parse(readFileSync(resolve(ROOT, CONTRACT), 'utf8'));
      delete doc.components.schemas.BookInput.properties.title.maxLength;
      writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc));
      const { code, errors } = await spectral(join(dir, 'openapi.json'));
      expect(code).not.toBe(0);
      expect(errors.map(describeFinding)).toContainEqual(
        expect.stringMatching(/^owasp:api4:2023-string-limit at components\.schemas\.BookInput\.properties\.title:/),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
