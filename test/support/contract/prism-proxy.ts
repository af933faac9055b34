import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort } from '../server-process';

const PRISM = resolve(__dirname, '../../../node_modules/.bin/prism');
export const OPENAPI_JSON = resolve(__dirname, '../../../apps/api/openapi.json');

/** Prism's own problem types (a violation, a route the contract does not have) start with this. */
export const PRISM_PROBLEM_TYPE = 'https://stoplight.io/prism/errors#';

export interface PrismProxy {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Prism 5 in proxy mode in front of `upstream`: every response is checked against the committed contract
 * and, with --errors, one that breaks it (undeclared status, body off its schema, missing required header)
 * is replaced by a 500 problem listing the violations. Requests are forwarded unchecked
 * (--validate-request false): the suites send invalid input on purpose, and the server must answer it.
 */
export async function startPrismProxy(upstream: string, { timeoutMs = 60_000 } = {}): Promise<PrismProxy> {
  const port = await freePort();
  const args = ['proxy', OPENAPI_JSON, upstream, '--errors', '--validate-request', 'false', '--cors', 'false'];
  const child: ChildProcess = spawn(PRISM, [...args, '--port', String(port), '--host', '127.0.0.1', '-v', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const proxy: PrismProxy = {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited with ${child.exitCode}:\n${output}`);
    const listening = await fetch(`${proxy.url}/`, { signal: AbortSignal.timeout(2_000) }).then(
      () => true,
      () => false,
    );
    if (listening) return proxy;
    await new Promise((r) => setTimeout(r, 200));
  }
  await proxy.stop();
  throw new Error(`prism not listening within ${timeoutMs} ms:\n${output}`);
}
