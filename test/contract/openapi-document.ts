import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The parts of an OpenAPI 3.x document the contract-driven suites read.

export type Schema = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

export interface MediaType {
  schema?: Schema;
}

export interface Response {
  description?: string;
  headers?: Record<string, { required?: boolean; schema?: Schema; $ref?: string }>;
  content?: Record<string, MediaType>;
  $ref?: string;
}

export interface Operation {
  operationId?: string;
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { required?: boolean; content: Record<string, MediaType>; $ref?: string };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
}

/** One operation of the contract, found by method and path template. */
export interface ContractOperation {
  operationId: string;
  method: string;
  path: string;
  operation: Operation;
}

export const CONTRACT_PATH = resolve(__dirname, '../../apps/api/openapi.json');

export const loadContract = (): OpenApiDocument => JSON.parse(readFileSync(CONTRACT_PATH, 'utf8')) as OpenApiDocument;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export function operationsOf(document: OpenApiDocument): ContractOperation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, operation]) => ({
        operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        operation,
      })),
  );
}

/** Follows a local `$ref` (`#/components/...`) to what it names; anything else is returned as is. */
export function deref<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  let current: unknown = value;
  for (let hops = 0; hops < 10; hops++) {
    const ref = (current as { $ref?: unknown } | undefined)?.$ref;
    if (typeof ref !== 'string') return current as T;
    if (!ref.startsWith('#/')) throw new Error(`only local references are supported: ${ref}`);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
    if (current === undefined) throw new Error(`unresolved reference ${ref}`);
  }
  throw new Error('reference chain too long');
}

/** JSON Pointer to a place in the document, for Ajv references into it. */
export const pointer = (...parts: string[]): string =>
  `#/${parts.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
