import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import {
  type ContractOperation,
  deref,
  type OpenApiDocument,
  operationsOf,
  pointer,
  type Schema,
} from './openapi-document';

/** What came back for one request, as the contract sees it. */
export interface ObservedResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** The body's text ('' when there is none). */
  body: string;
}

const mediaTypeOf = (contentType: string | null): string | undefined =>
  contentType?.split(';')[0].trim().toLowerCase() || undefined;

/**
 * Checks answers against the contract with a JSON Schema validator: the status is declared for the
 * operation, the media type is one it declares, the body validates against that schema, and declared
 * headers are present when required and of their declared type. Returns what is wrong, in words.
 */
export class ContractChecker {
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly operations: Map<string, ContractOperation>;

  constructor(private readonly document: OpenApiDocument) {
    // OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 schemas are (nearly) draft 07 plus `nullable`, which Ajv knows.
    const options = { strict: false, allErrors: true, validateSchema: false } as const;
    this.ajv = document.openapi.startsWith('3.1') ? new Ajv2020(options) : new Ajv(options);
    addFormats(this.ajv);
    this.ajv.addSchema(document as unknown as Schema, 'contract');
    this.operations = new Map(operationsOf(document).map((op) => [op.operationId, op]));
  }

  get operationIds(): string[] {
    return [...this.operations.keys()];
  }

  operation(operationId: string): ContractOperation {
    const found = this.operations.get(operationId);
    if (!found) throw new Error(`the contract has no operation ${operationId}`);
    return found;
  }

  /** Does `value` satisfy the schema at this pointer into the document? */
  validate(schemaPointer: string, value: unknown): string[] {
    let validator = this.validators.get(schemaPointer);
    if (!validator) {
      validator = this.ajv.compile({ $ref: `contract${schemaPointer}` });
      this.validators.set(schemaPointer, validator);
    }
    if (validator(value)) return [];
    return (validator.errors ?? []).map((e) => `${e.instancePath || '(body)'} ${e.message ?? 'is not valid'}`);
  }

  check(operationId: string, response: ObservedResponse): string[] {
    const { method, path, operation } = this.operation(operationId);
    const where = `${operationId} (${method} ${path}) → ${response.status}`;
    const statusKey = String(response.status) in operation.responses ? String(response.status) : 'default';
    const declared = operation.responses[statusKey];
    if (!declared) return [`${where}: status ${response.status} is not declared`];
    const resolved = deref(this.document, declared);
    const violations: string[] = [];
    // Where the response object sits: schemas are validated in place, so their $refs resolve in the document.
    const at = declared.$ref ?? pointer('paths', path, method.toLowerCase(), 'responses', statusKey);
    const under = (...parts: string[]) => `${at}${pointer(...parts).slice(1)}`;

    for (const [name, header] of Object.entries(resolved.headers ?? {})) {
      const spec = deref(this.document, header);
      const value = response.headers.get(name);
      if (value === null) {
        if (spec.required) violations.push(`${where}: required header ${name} is missing`);
        continue;
      }
      if (spec.schema === undefined) continue;
      const type = deref(this.document, spec.schema).type;
      const typed = type === 'integer' || type === 'number' ? Number(value) : value;
      const schemaAt = header.$ref ? `${header.$ref}/schema` : under('headers', name, 'schema');
      for (const error of this.validate(schemaAt, typed)) violations.push(`${where}: header ${name}: ${error}`);
    }

    const content = resolved.content;
    const hasBody = response.body.length > 0 && method !== 'HEAD' && response.status !== 304;
    if (!content || Object.keys(content).length === 0) {
      if (hasBody) violations.push(`${where}: a body was sent where the contract declares none`);
      return violations;
    }
    if (!hasBody) {
      violations.push(`${where}: no body, though the contract declares ${Object.keys(content).join(', ')}`);
      return violations;
    }
    const mediaType = mediaTypeOf(response.headers.get('content-type'));
    if (mediaType === undefined || !(mediaType in content)) {
      violations.push(`${where}: media type ${mediaType ?? '(none)'} is not one of ${Object.keys(content).join(', ')}`);
      return violations;
    }
    if (!content[mediaType].schema) return violations;
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      violations.push(`${where}: the body is not JSON`);
      return violations;
    }
    for (const error of this.validate(under('content', mediaType, 'schema'), body))
      violations.push(`${where}: ${error}`);
    return violations;
  }
}
