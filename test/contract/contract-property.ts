import fc from 'fast-check';
import { ContractChecker, type ObservedResponse } from './contract-checker';
import { describeRequest, type GeneratedRequest, RequestGenerator, send } from './contract-requests';
import { type ContractOperation, deref, type OpenApiDocument, operationsOf, type Schema } from './openapi-document';
import { arbitraryFor } from './schema-arbitrary';

// The in-project version of an outside contract fuzzer: requests generated from the committed contract,
// sent over HTTP, every answer checked against the contract. Stateless runs per operation, then stateful
// runs that create, read, change and delete what they created and follow the list's cursors.

export interface PropertyBudget {
  runsPerOperation: number;
  statefulRuns: number;
  maxCommands: number;
  /** Each fc.check stops after this long; an interrupted run counts as a failure, never as a pass. */
  timeLimitMs: number;
  seed?: number;
}

/** The list's cursor: its request parameter and the response property that carries the next one. */
const CURSOR_PARAMETER = 'cursor';
const NEXT_CURSOR = 'nextCursor';
const MAX_PAGES = 5;

class ContractViolation extends Error {
  constructor(request: GeneratedRequest, response: ObservedResponse, problems: string[]) {
    super(
      `${problems.join('\n')}\n  request: ${describeRequest(request)}\n  answer: ${response.status} ${response.body.slice(0, 500)}`,
    );
  }
}

interface Roles {
  create: ContractOperation;
  list: ContractOperation;
  item: Map<string, ContractOperation>;
}

/** Which operations create, list and address one resource, read from the paths alone. */
function rolesOf(operations: ContractOperation[]): Roles {
  const create = operations.find((op) => op.method === 'POST' && !op.path.includes('{'));
  if (!create) throw new Error('the contract has no create operation');
  const list = operations.find((op) => op.method === 'GET' && op.path === create.path);
  if (!list) throw new Error(`the contract has no list operation at ${create.path}`);
  const itemPath = new RegExp(`^${create.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&')}/\\{[^}/]+\\}$`);
  const item = new Map(operations.filter((op) => itemPath.test(op.path)).map((op) => [op.method, op]));
  return { create, list, item };
}

function mintedIds(document: OpenApiDocument, create: ContractOperation): fc.Arbitrary<string> | undefined {
  const created = Object.entries(create.operation.responses).find(([status]) => status.startsWith('2'))?.[1];
  const content = created ? deref(document, created).content : undefined;
  const schema = content ? Object.values(content)[0]?.schema : undefined;
  const id = schema
    ? (deref<Schema>(document, schema).properties as Record<string, Schema> | undefined)?.id
    : undefined;
  return id ? (arbitraryFor(document, id) as fc.Arbitrary<string>) : undefined;
}

/** The required properties of an operation's body, each set to the contract's example for it. */
function requiredExamples(document: OpenApiDocument, op: ContractOperation): Record<string, unknown> | undefined {
  const content = op.operation.requestBody ? deref(document, op.operation.requestBody).content : undefined;
  const raw = content ? Object.values(content)[0]?.schema : undefined;
  if (!raw) return undefined;
  const schema = deref<Schema>(document, raw);
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
  const required = (schema.required as string[] | undefined) ?? [];
  const entries = required.map((name) => [
    name,
    properties[name] ? deref<Schema>(document, properties[name]).example : undefined,
  ]);
  return entries.every(([, example]) => example !== undefined) ? Object.fromEntries(entries) : undefined;
}

interface Model {
  live: string[];
  gone: string[];
}

interface Real {
  etags: Map<string, string>;
}

export interface PropertyOutcome {
  /** One report per failed property; empty when the server kept the contract. */
  failures: string[];
  /** How many answers of each status every operation got: a suite whose requests all bounce proves little. */
  statuses: Record<string, Record<number, number>>;
}

export async function checkServerAgainstContract(
  document: OpenApiDocument,
  baseUrl: string,
  apiKey: string,
  budget: PropertyBudget,
): Promise<PropertyOutcome> {
  const statuses: Record<string, Record<number, number>> = {};
  const checker = new ContractChecker(document);
  const generator = new RequestGenerator(document, checker, apiKey);
  const operations = operationsOf(document);
  const roles = rolesOf(operations);
  const failures: string[] = [];
  const parameters = {
    seed: budget.seed,
    endOnFailure: true,
    interruptAfterTimeLimit: budget.timeLimitMs,
    markInterruptAsFailure: true,
  };

  const exchange = async (request: GeneratedRequest): Promise<{ response: ObservedResponse; json: unknown }> => {
    const response = await send(baseUrl, request);
    const tally = (statuses[request.operationId] ??= {});
    tally[response.status] = (tally[response.status] ?? 0) + 1;
    const problems = checker.check(request.operationId, response);
    if (response.status >= 500)
      problems.unshift(`${request.operationId}: ${response.status}: a valid request met a server error`);
    if (problems.length > 0) throw new ContractViolation(request, response, problems);
    let json: unknown;
    try {
      json = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      json = undefined;
    }
    return { response, json };
  };
  const expectStatus = (what: string, request: GeneratedRequest, response: ObservedResponse, ok: boolean) => {
    if (!ok) throw new ContractViolation(request, response, [what]);
  };
  const report = <Ts>(name: string, details: fc.RunDetails<Ts>) =>
    `${name}: ${details.interrupted ? `interrupted after ${budget.timeLimitMs} ms` : ''}${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? '')} (seed ${details.seed}, path ${details.counterexamplePath})`;

  // Ids as the service mints them (the created resource's own id schema), besides any the path schema allows.
  const minted = mintedIds(document, roles.create);
  for (const operation of operations) {
    const ids = [...roles.item.values()].includes(operation) ? minted : undefined;
    const details = await fc.check(
      fc.asyncProperty(generator.requests(operation, ids), async (request) => {
        await exchange(request);
      }),
      { ...parameters, numRuns: budget.runsPerOperation },
    );
    if (details.failed) failures.push(report(operation.operationId, details));
  }

  const atId = (template: ContractOperation, id: string) => template.path.replace(/\{[^}]+\}/, encodeURIComponent(id));
  const rememberEtag = (real: Real, id: string, response: ObservedResponse) => {
    const etag = response.headers.get('etag');
    if (etag && response.status < 300) real.etags.set(id, etag);
  };

  class Create implements fc.AsyncCommand<Model, Real> {
    constructor(readonly request: GeneratedRequest) {}
    check = () => true;
    async run(model: Model, real: Real) {
      const { response, json } = await exchange(this.request);
      if (response.status === 201) {
        const id = (json as { id?: unknown }).id;
        expectStatus('a 201 carries the new id', this.request, response, typeof id === 'string');
        model.live.push(id as string);
        rememberEtag(real, id as string, response);
      }
    }
    toString = () => `create ${describeRequest(this.request)}`;
  }

  class OnLiveItem implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly request: GeneratedRequest,
      readonly pick: number,
      readonly withEtag: boolean,
    ) {}
    check = (model: Readonly<Model>) => model.live.length > 0;
    async run(model: Model, real: Real) {
      const id = model.live[this.pick % model.live.length];
      const template = roles.item.get(this.request.method)!;
      const request = { ...this.request, path: atId(template, id), headers: { ...this.request.headers } };
      const etag = real.etags.get(id);
      // The book's real ETag, or none (a random one earns 412: the stateless runs cover that).
      delete request.headers['If-Match'];
      if (this.withEtag && etag && request.method !== 'GET') request.headers['If-Match'] = etag;
      const { response } = await exchange(request);
      expectStatus(`${request.method} of a live book must find it`, request, response, response.status !== 404);
      if (request.method === 'GET')
        expectStatus('a live book reads', request, response, [200, 304].includes(response.status));
      rememberEtag(real, id, response);
      if (request.method === 'DELETE' && response.status === 204) {
        model.live = model.live.filter((live) => live !== id);
        model.gone.push(id);
      }
    }
    toString = () =>
      `${this.request.method} live[${this.pick}]${this.withEtag ? ' If-Match' : ''} ${describeRequest(this.request)}`;
  }

  class ReadGone implements fc.AsyncCommand<Model, Real> {
    constructor(
      readonly request: GeneratedRequest,
      readonly pick: number,
    ) {}
    check = (model: Readonly<Model>) => model.gone.length > 0;
    async run(model: Model) {
      const id = model.gone[this.pick % model.gone.length];
      const request = { ...this.request, path: atId(roles.item.get('GET')!, id) };
      const { response } = await exchange(request);
      expectStatus('a deleted book is gone', request, response, response.status === 404);
    }
    toString = () => `GET gone[${this.pick}]`;
  }

  class ListAndFollow implements fc.AsyncCommand<Model, Real> {
    constructor(readonly request: GeneratedRequest) {}
    check = () => true;
    async run() {
      let request = this.request;
      const seen = new Set<string>();
      for (let page = 0; page < MAX_PAGES; page++) {
        const { response, json } = await exchange(request);
        if (response.status !== 200) return;
        const body = json as { items?: { id: string }[]; [NEXT_CURSOR]?: string | null };
        for (const item of body.items ?? []) {
          expectStatus(`book ${item.id} appears on two pages`, request, response, !seen.has(item.id));
          seen.add(item.id);
        }
        const next = body[NEXT_CURSOR];
        if (!next) return;
        request = {
          ...request,
          query: [...request.query.filter(([name]) => name !== CURSOR_PARAMETER), [CURSOR_PARAMETER, next]],
        };
      }
    }
    toString = () => `list and follow ${describeRequest(this.request)}`;
  }

  const itemCommands = [...roles.item.values()].flatMap((op) => {
    const random = generator.requests(op);
    const examples = requiredExamples(document, op);
    const fromExamples = examples
      ? random.map((request) => ({ ...request, body: { ...request.body!, value: examples } }))
      : undefined;
    return [random, ...(fromExamples ? [fromExamples] : [])].map((requests) =>
      fc
        .tuple(requests, fc.nat(), fc.boolean())
        .map(([request, pick, withEtag]) => new OnLiveItem(request, pick, withEtag)),
    );
  });
  const getItem = roles.item.get('GET');
  // Random bodies are mostly refused (a random ISBN rarely has a valid check digit); a body made of the
  // contract's own examples for the required fields is one a client is told will work, so state builds up.
  const exampleBody = requiredExamples(document, roles.create);
  const createFromExamples = generator
    .requests(roles.create)
    .filter((request) => request.headers['X-API-Key'] !== undefined || request.headers.Authorization !== undefined)
    .map(
      (request) => new Create(exampleBody ? { ...request, body: { ...request.body!, value: exampleBody } } : request),
    );
  const commands = [
    generator.requests(roles.create).map((request) => new Create(request)),
    createFromExamples,
    createFromExamples,
    ...itemCommands,
    ...(getItem
      ? [fc.tuple(generator.requests(getItem), fc.nat()).map(([request, pick]) => new ReadGone(request, pick))]
      : []),
    generator.requests(roles.list).map((request) => new ListAndFollow(request)),
  ];
  const details = await fc.check(
    fc.asyncProperty(fc.commands(commands, { maxCommands: budget.maxCommands, size: 'max' }), async (steps) => {
      await fc.asyncModelRun(() => ({ model: { live: [], gone: [] }, real: { etags: new Map() } }), steps);
    }),
    { ...parameters, numRuns: budget.statefulRuns },
  );
  if (details.failed) failures.push(report('stateful', details));
  return { failures, statuses };
}
