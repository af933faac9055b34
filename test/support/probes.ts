/** Polls `probe` every 100 ms until it returns true; fails after `timeoutMs` naming `what`. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (await probe().catch(() => false)) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

export const statusOf = async (url: string, init?: RequestInit): Promise<number> => (await fetch(url, init)).status;

/** Every log line with its message and time (a line that is not JSON is its own message). */
export function logLines(output: string): { msg: string; time?: string }[] {
  return output
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        const parsed = JSON.parse(line) as { msg?: unknown; time?: unknown };
        if (typeof parsed.msg !== 'string') return { msg: line };
        return { msg: parsed.msg, time: typeof parsed.time === 'string' ? parsed.time : undefined };
      } catch {
        return { msg: line };
      }
    });
}

/** The message of every log line, in order. */
export const logMessages = (output: string): string[] => logLines(output).map((line) => line.msg);

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON body, loosely typed: the tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = Record<string, any>;

export const jsonOf = (res: Response): Promise<JsonBody> => res.json() as Promise<JsonBody>;
