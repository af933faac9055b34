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

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A JSON body, loosely typed: the tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = Record<string, any>;

export const jsonOf = (res: Response): Promise<JsonBody> => res.json() as Promise<JsonBody>;
