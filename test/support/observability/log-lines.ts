import type { ServerProcess } from '../server-process';

export type LogLine = Record<string, unknown> & { level?: string; msg?: string; request_id?: string };

/** Every line the process wrote so far, each parsed as JSON (a line that is not JSON fails the caller). */
export function logLinesOf(server: ServerProcess): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as LogLine;
      } catch {
        throw new Error(`log line is not JSON: ${line}`);
      }
    });
}

/** Waits (bounded) until the process has logged lines matching `predicate`; a response can beat its log line. */
export async function waitForLogLines(
  server: ServerProcess,
  predicate: (line: LogLine) => boolean,
  { count = 1, timeoutMs = 10_000 }: { count?: number; timeoutMs?: number } = {},
): Promise<LogLine[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const lines = logLinesOf(server).filter(predicate);
    if (lines.length >= count || Date.now() > deadline) return lines;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every line of a process's output with its message and time (a line that is not JSON is its own message: start-up failures print before the logger). */
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
