// Post-deploy smoke test through the SDK (`npm run smoke`; .github/scripts/deploy.sh runs it after a rollout).
// SMOKE_BASE_URL: where the service answers; SMOKE_API_KEY: a key allowed to write.
// Lists books, creates one (with an Idempotency-Key), reads it, patches it with If-Match, deletes it, checks it is
// gone. Prints one line per step; exits 1 at the first failure, 2 when the configuration is missing.
import { createBookLibraryClient, etagOf, idempotencyKey, ifMatch } from '../libs/sdk/src/index.js';

const STEP_TIMEOUT_MS = 10_000;

interface Outcome {
  /** Missing when no answer came at all (refused connection, timeout): `error` says why. */
  response?: Response;
  error?: unknown;
}

function expectStatus(step: string, outcome: Outcome, status: number): void {
  const got = outcome.response?.status;
  if (got !== status) {
    const why = outcome.error instanceof Error ? outcome.error.message : JSON.stringify(outcome.error ?? '');
    throw new Error(`${step}: expected ${status}, got ${got ?? 'no answer'} ${why}`);
  }
  process.stdout.write(`ok   ${step} (${status})\n`);
}

async function smoke(baseUrl: string, apiKey: string): Promise<void> {
  // Retries 429/503 after Retry-After, a few times: a fresh rollout may still be warming up.
  const api = createBookLibraryClient({ baseUrl, apiKey, retry: { maxRetries: 3, maxDelayMs: 5_000 } });
  const signal = () => AbortSignal.timeout(STEP_TIMEOUT_MS);

  expectStatus('list books', await api.listBooks({ query: { limit: 1 }, signal: signal() }), 200);

  const title = `Smoke test ${new Date().toISOString()}`;
  const created = await api.createBook({
    body: { title, authors: ['Smoke Test'], tags: ['smoke-test'] },
    headers: idempotencyKey(),
    signal: signal(),
  });
  expectStatus('create a book', created, 201);
  const id = created.data!.id;
  try {
    const read = await api.getBook({ path: { id }, signal: signal() });
    expectStatus('read it back', read, 200);
    if (read.data?.title !== title) throw new Error(`read it back: title is ${JSON.stringify(read.data?.title)}`);

    const patched = await api.updateBook({
      path: { id },
      body: { description: 'Written by the smoke test.' },
      headers: ifMatch(etagOf(read.response)!),
      signal: signal(),
    });
    expectStatus('patch it with If-Match', patched, 200);
    if (patched.data?.version !== 2) throw new Error(`patch it: version is ${patched.data?.version}, expected 2`);

    const deleted = await api.deleteBook({
      path: { id },
      headers: ifMatch(etagOf(patched.response)!),
      signal: signal(),
    });
    expectStatus('delete it with If-Match', deleted, 204);
  } catch (error) {
    // Leave nothing behind, whatever failed.
    await api.deleteBook({ path: { id }, signal: signal() }).catch(() => undefined);
    throw error;
  }
  expectStatus('see it gone', await api.getBook({ path: { id }, signal: signal() }), 404);
}

const { SMOKE_BASE_URL, SMOKE_API_KEY } = process.env;
if (!SMOKE_BASE_URL || !SMOKE_API_KEY) {
  process.stderr.write('smoke: set SMOKE_BASE_URL and SMOKE_API_KEY\n');
  process.exit(2);
}
smoke(SMOKE_BASE_URL, SMOKE_API_KEY).then(
  () => process.stdout.write(`smoke test passed against ${SMOKE_BASE_URL}\n`),
  (error: unknown) => {
    process.stderr.write(
      `smoke test FAILED against ${SMOKE_BASE_URL}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
