import fc from 'fast-check';
import type { ContractChecker, ObservedResponse } from './contract-checker';
import {
  type ContractOperation,
  deref,
  type OpenApiDocument,
  type Parameter,
  pointer,
  type Schema,
} from './openapi-document';
import { arbitraryFor, type TextUnit } from './schema-arbitrary';

/** One request built from the contract, ready to send. */
export interface GeneratedRequest {
  operationId: string;
  method: string;
  /** The path with its parameters filled in and percent-encoded. */
  path: string;
  query: [string, string][];
  headers: Record<string, string>;
  body?: { mediaType: string; value: unknown };
}

/** Query text: any printable character, since the URI limit sits above the largest valid request. */
export const QUERY_TEXT_UNIT: TextUnit = 'grapheme';
/**
 * Parameters left to the stateful steps: a random `cursor` only ever earns a 400, and generated alongside the
 * filters it left listBooks without a single 2xx in a run; the stateful steps follow real cursors.
 */
export const NOT_GENERATED = new Set(['cursor']);

/** Credentials a generated write may present: mostly a valid one, sometimes none (→ 401, declared). */
export type Credential = 'x-api-key' | 'bearer' | 'none';

export class RequestGenerator {
  constructor(
    private readonly document: OpenApiDocument,
    private readonly checker: ContractChecker,
    private readonly apiKey: string,
  ) {}

  /** Every schema-valid request the contract allows for this operation; `ids` supplies path ids if given. */
  requests(contractOperation: ContractOperation, ids?: fc.Arbitrary<string>): fc.Arbitrary<GeneratedRequest> {
    const { operationId, method, path, operation } = contractOperation;
    const parameters = (operation.parameters ?? []).map((raw, index) => {
      const parameter = deref<Parameter>(this.document, raw);
      const schemaAt =
        '$ref' in raw
          ? `${raw.$ref}/schema`
          : pointer('paths', path, method.toLowerCase(), 'parameters', String(index), 'schema');
      return { parameter, schemaAt };
    });
    const generated = parameters.filter(({ parameter }) => !NOT_GENERATED.has(parameter.name) && parameter.schema);
    const shape = Object.fromEntries(
      generated.map(({ parameter, schemaAt }) => {
        const unit: TextUnit = parameter.in === 'query' ? QUERY_TEXT_UNIT : 'grapheme-ascii';
        let value = this.schemaValid(arbitraryFor(this.document, parameter.schema as Schema, unit), schemaAt);
        // HTTP trims a header value's surrounding spaces: such values cannot be sent as generated.
        if (parameter.in === 'header') value = value.filter((v) => String(v) === String(v).trim());
        // An empty path parameter leaves no segment to match (`/books/` is another route): RFC 6570 templates fill a segment.
        if (parameter.in === 'path') value = value.filter((v) => String(v) !== '');
        if (parameter.in === 'path' && ids) value = fc.oneof(ids, value);
        return [`${parameter.in}:${parameter.name}`, value];
      }),
    );
    const requiredKeys = generated
      .filter(({ parameter }) => parameter.required || parameter.in === 'path')
      .map(({ parameter }) => `${parameter.in}:${parameter.name}`);

    const content = operation.requestBody ? deref(this.document, operation.requestBody).content : undefined;
    const body = content
      ? fc
          .constantFrom(...Object.keys(content))
          .chain((mediaType) =>
            this.schemaValid(
              arbitraryFor(this.document, content[mediaType].schema ?? {}),
              pointer('paths', path, method.toLowerCase(), 'requestBody', 'content', mediaType, 'schema'),
            ).map((value) => ({ mediaType, value })),
          )
      : fc.constant(undefined);
    const credential: fc.Arbitrary<Credential> = operation.security?.length
      ? fc.constantFrom<Credential>('x-api-key', 'x-api-key', 'bearer', 'bearer', 'none')
      : fc.constant('none');

    return fc.tuple(fc.record(shape, { requiredKeys }), body, credential).map(([values, requestBody, presented]) => {
      const request: GeneratedRequest = { operationId, method, path, query: [], headers: {}, body: requestBody };
      for (const [key, value] of Object.entries(values)) {
        const [where, name] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
        if (where === 'path') request.path = request.path.replace(`{${name}}`, encodeURIComponent(String(value)));
        else if (where === 'query') request.query.push([name, String(value)]);
        else if (where === 'header') request.headers[name] = String(value);
      }
      if (presented === 'x-api-key') request.headers['X-API-Key'] = this.apiKey;
      if (presented === 'bearer') request.headers.Authorization = `Bearer ${this.apiKey}`;
      return request;
    });
  }

  private schemaValid<T>(arbitrary: fc.Arbitrary<T>, schemaAt: string): fc.Arbitrary<T> {
    return arbitrary.filter((value) => this.checker.validate(schemaAt, value).length === 0);
  }
}

/** Sends a generated request over real HTTP and reads the whole answer. */
export async function send(baseUrl: string, request: GeneratedRequest): Promise<ObservedResponse> {
  const url = new URL(request.path, baseUrl);
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  const headers: Record<string, string> = { ...request.headers };
  let body: string | undefined;
  if (request.body) {
    headers['Content-Type'] = request.body.mediaType;
    body = JSON.stringify(request.body.value);
  }
  const response = await fetch(url, { method: request.method, headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** For a failure report: the request as a reader would type it. */
export const describeRequest = (request: GeneratedRequest): string =>
  `${request.method} ${request.path}${request.query.length ? `?${new URLSearchParams(request.query)}` : ''} ` +
  `${JSON.stringify(request.headers)}${request.body ? ` ${request.body.mediaType} ${JSON.stringify(request.body.value)}` : ''}`;
