import { PRISM_PROBLEM_TYPE } from '../support/contract/prism-proxy';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface OpenApiDocument {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
}

/** One response the contract declares: an operation and a status it may answer with. */
export interface DeclaredResponse {
  operationId: string;
  method: string;
  path: string;
  status: number;
}

/** Which declared responses a set of requests reached, and what the contract-checking proxy objected to. */
export class ContractCoverage {
  readonly declared: DeclaredResponse[];
  readonly violations: string[] = [];
  private readonly exercised = new Set<string>();
  private readonly routes: { method: string; pattern: RegExp; operationId: string }[];

  constructor(document: OpenApiDocument) {
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    this.declared = operations.flatMap(({ path, method, op }) =>
      Object.keys(op.responses ?? {})
        .filter((status) => /^\d{3}$/.test(status))
        .map((status) => ({
          operationId: op.operationId ?? `${method} ${path}`,
          method,
          path,
          status: Number(status),
        })),
    );
    this.routes = operations.map(({ path, method, op }) => ({
      method,
      operationId: op.operationId ?? `${method} ${path}`,
      pattern: new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  operationAt(method: string, pathname: string): string | undefined {
    return this.routes.find((r) => r.method === method.toUpperCase() && r.pattern.test(pathname))?.operationId;
  }

  /** One answer that came back through the proxy; `body` is its text. */
  record(method: string, url: string, status: number, headers: { get(name: string): string | null }, body: string) {
    const { pathname } = new URL(url);
    const where = `${method.toUpperCase()} ${pathname} → ${status}`;
    const warnings = headers.get('sl-violations');
    if (warnings) this.violations.push(`${where}: ${warnings}`);
    if (body.includes(PRISM_PROBLEM_TYPE)) {
      if (!warnings) this.violations.push(`${where}: ${body}`);
      return; // Prism's own answer, not the server's
    }
    const operationId = this.operationAt(method, pathname);
    if (operationId) this.exercised.add(`${operationId} ${status}`);
  }

  isExercised(operationId: string, status: number): boolean {
    return this.exercised.has(`${operationId} ${status}`);
  }

  unexercised(): DeclaredResponse[] {
    return this.declared.filter((d) => !this.isExercised(d.operationId, d.status));
  }

  /** A `fetch` that records every answer (for the SDK's `fetch` option). */
  recordingFetch(baseFetch: typeof fetch = globalThis.fetch): typeof fetch {
    return async (input, init) => {
      const request = new Request(input, init);
      const response = await baseFetch(request);
      this.record(request.method, request.url, response.status, response.headers, await response.clone().text());
      return response;
    };
  }

  /** A superagent plugin that records every answer (for a supertest agent's `.use()`). */
  readonly superagentPlugin = (request: {
    method: string;
    url: string;
    on(
      event: 'response',
      listener: (res: { status: number; header: Record<string, string>; text?: string }) => void,
    ): unknown;
  }) => {
    request.on('response', (res) => {
      const headers = { get: (name: string) => res.header[name.toLowerCase()] ?? null };
      this.record(request.method, request.url, res.status, headers, res.text ?? '');
    });
  };
}
