// Breaking changes between two OpenAPI 3.0 documents, from a consumer's side: what an existing client (or SDK
// generated from `base`) could no longer do or rely on with `head`. Run through scripts/contract-breaking-cli.ts.

type Json = Record<string, unknown>;

export interface BreakingChange {
  /** Where, e.g. `POST /api/v1/books request body title`. */
  where: string;
  what: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows a local `$ref` (`#/components/...`), several deep; anything else is returned as it is. */
function deref(doc: Json, value: unknown, seen = new Set<string>()): Json {
  if (!isObject(value)) return {};
  const ref = value.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/') || seen.has(ref)) return value;
  seen.add(ref);
  const target = ref
    .slice(2)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), doc);
  return deref(doc, target, seen);
}

const typeOf = (schema: Json): string | undefined => (typeof schema.type === 'string' ? schema.type : undefined);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The major of info.version, e.g. 2 for "2.1.0". */
export function majorVersion(doc: Json): number {
  const version = isObject(doc.info) ? String(doc.info.version ?? '') : '';
  const major = Number.parseInt(version.split('.')[0], 10);
  return Number.isNaN(major) ? 0 : major;
}

interface Direction {
  /** A request schema: head may not require more, nor accept fewer values; a response schema: head may not send less. */
  side: 'request' | 'response';
}

/** Compares one schema in `base` with the same schema in `head`. */
function compareSchemas(
  docs: { base: Json; head: Json },
  base: unknown,
  head: unknown,
  where: string,
  { side }: Direction,
  out: BreakingChange[],
  depth = 0,
): void {
  if (depth > 20) return; // recursive schemas: deep enough
  const b = deref(docs.base, base);
  const h = deref(docs.head, head);
  if (typeOf(b) && typeOf(h) && typeOf(b) !== typeOf(h)) {
    out.push({ where, what: `type changed from ${typeOf(b)} to ${typeOf(h)}` });
    return;
  }
  if (b.nullable === true && h.nullable !== true && side === 'request') {
    out.push({ where, what: 'no longer accepts null' });
  }
  if (b.nullable !== true && h.nullable === true && side === 'response') {
    out.push({ where, what: 'may now be null' });
  }
  const baseEnum = asList(b.enum);
  const headEnum = asList(h.enum);
  if (baseEnum.length > 0) {
    const removed = baseEnum.filter((value) => !headEnum.some((v) => JSON.stringify(v) === JSON.stringify(value)));
    // A request may no longer send the removed value; a response may no longer... send it, which clients can live
    // with, but a value ADDED to a response enum is what breaks them (an exhaustive switch).
    if (side === 'request' && headEnum.length > 0 && removed.length > 0) {
      out.push({ where, what: `enum value(s) removed: ${removed.map((v) => JSON.stringify(v)).join(', ')}` });
    }
    if (side === 'response') {
      const added = headEnum.filter((value) => !baseEnum.some((v) => JSON.stringify(v) === JSON.stringify(value)));
      if (added.length > 0)
        out.push({ where, what: `enum value(s) added: ${added.map((v) => JSON.stringify(v)).join(', ')}` });
      if (removed.length > 0)
        out.push({ where, what: `enum value(s) removed: ${removed.map((v) => JSON.stringify(v)).join(', ')}` });
    }
  }
  if (isObject(b.items) || isObject(h.items)) {
    compareSchemas(docs, b.items, h.items, `${where}[]`, { side }, out, depth + 1);
  }
  const baseProps = isObject(b.properties) ? b.properties : {};
  const headProps = isObject(h.properties) ? h.properties : {};
  const baseRequired = new Set(asList(b.required).map(String));
  const headRequired = new Set(asList(h.required).map(String));
  for (const [name, schema] of Object.entries(baseProps)) {
    const at = `${where}.${name}`;
    if (!(name in headProps)) {
      if (side === 'response') out.push({ where: at, what: 'response field removed' });
      else if (h.additionalProperties === false) out.push({ where: at, what: 'request field removed' });
      continue;
    }
    if (side === 'response' && baseRequired.has(name) && !headRequired.has(name)) {
      out.push({ where: at, what: 'response field no longer always present' });
    }
    compareSchemas(docs, schema, headProps[name], at, { side }, out, depth + 1);
  }
  if (side === 'request') {
    for (const name of headRequired) {
      if (!baseRequired.has(name)) out.push({ where: `${where}.${name}`, what: 'request field added as required' });
    }
  }
}

const parameterKey = (p: Json) => `${String(p.in)}:${String(p.name).toLowerCase()}`;

function parametersOf(doc: Json, pathItem: Json, operation: Json): Map<string, Json> {
  const all = [...asList(pathItem.parameters), ...asList(operation.parameters)].map((p) => deref(doc, p));
  return new Map(all.map((p) => [parameterKey(p), p]));
}

function jsonSchemaOf(doc: Json, holder: unknown): unknown {
  const content = deref(doc, holder).content;
  if (!isObject(content)) return undefined;
  const media = Object.entries(content).find(([type]) => /json/.test(type));
  return media && isObject(media[1]) ? media[1].schema : undefined;
}

const schemasOf = (doc: Json): Json =>
  isObject(doc.components) && isObject(doc.components.schemas) ? doc.components.schemas : {};

/** What a schema looks like regardless of its name: its type and property names (the fields an SDK type has). */
const shapeOf = (doc: Json, schema: unknown): string => {
  const s = deref(doc, schema);
  return JSON.stringify([typeOf(s), Object.keys(isObject(s.properties) ? s.properties : {}).sort(), asList(s.enum)]);
};

/**
 * Every SDK generator names its types after `components.schemas`: a schema that disappears is a type that
 * no longer exists in the regenerated SDK, even when the wire format is the same. A removed name whose
 * shape matches a new one is reported as the rename it is.
 */
function compareSchemaNames(base: Json, head: Json, out: BreakingChange[]): void {
  const baseSchemas = schemasOf(base);
  const headSchemas = schemasOf(head);
  const added = Object.keys(headSchemas).filter((name) => !(name in baseSchemas));
  for (const name of Object.keys(baseSchemas).filter((n) => !(n in headSchemas))) {
    const shape = shapeOf(base, baseSchemas[name]);
    const matches = added.filter((candidate) => shapeOf(head, headSchemas[candidate]) === shape);
    // Several candidates of one shape: the one whose name the old one contains (BookDto → Book) wins.
    const renamedTo = matches.find((candidate) => name.includes(candidate) || candidate.includes(name)) ?? matches[0];
    out.push({
      where: `components.schemas.${name}`,
      what: renamedTo
        ? `schema renamed to ${renamedTo} (the SDK's type ${name} is now ${renamedTo})`
        : `schema removed (the SDK's type ${name} no longer exists)`,
    });
  }
}

/** Every change in `head` that breaks a client written against `base`. */
export function findBreakingChanges(base: Json, head: Json): BreakingChange[] {
  const out: BreakingChange[] = [];
  compareSchemaNames(base, head, out);
  const docs = { base, head };
  const basePaths = isObject(base.paths) ? base.paths : {};
  const headPaths = isObject(head.paths) ? head.paths : {};
  for (const [path, rawItem] of Object.entries(basePaths)) {
    const baseItem = deref(base, rawItem);
    if (!(path in headPaths)) {
      out.push({ where: path, what: 'path removed' });
      continue;
    }
    const headItem = deref(head, headPaths[path]);
    for (const method of METHODS.filter((m) => isObject(baseItem[m]))) {
      const op = `${method.toUpperCase()} ${path}`;
      const baseOp = baseItem[method] as Json;
      const headOp = headItem[method];
      if (!isObject(headOp)) {
        out.push({ where: op, what: 'operation removed' });
        continue;
      }
      if (baseOp.operationId !== undefined && baseOp.operationId !== headOp.operationId) {
        out.push({ where: op, what: `operationId changed from ${String(baseOp.operationId)} (the SDK's method name)` });
      }
      // Parameters: a new required one, one made required, or a changed type breaks existing calls.
      const baseParams = parametersOf(base, baseItem, baseOp);
      const headParams = parametersOf(head, headItem, headOp);
      for (const [key, param] of headParams) {
        const before = baseParams.get(key);
        if (param.required === true && before?.required !== true) {
          out.push({ where: `${op} ${key}`, what: before ? 'parameter made required' : 'required parameter added' });
        }
        if (before) compareSchemas(docs, before.schema, param.schema, `${op} ${key}`, { side: 'request' }, out);
      }
      for (const key of baseParams.keys()) {
        if (!headParams.has(key)) out.push({ where: `${op} ${key}`, what: 'parameter removed' });
      }
      // Request body.
      const baseBody = deref(base, baseOp.requestBody);
      const headBody = deref(head, headOp.requestBody);
      if (headBody.required === true && baseOp.requestBody !== undefined && baseBody.required !== true) {
        out.push({ where: `${op} request body`, what: 'request body made required' });
      }
      if (headOp.requestBody !== undefined && headBody.required === true && baseOp.requestBody === undefined) {
        out.push({ where: `${op} request body`, what: 'required request body added' });
      }
      const baseBodySchema = jsonSchemaOf(base, baseOp.requestBody);
      const headBodySchema = jsonSchemaOf(head, headOp.requestBody);
      if (baseBodySchema !== undefined && headBodySchema !== undefined) {
        compareSchemas(docs, baseBodySchema, headBodySchema, `${op} request body`, { side: 'request' }, out);
      }
      // Responses: a status clients handle must stay, and what it sends must keep its shape.
      const baseResponses = isObject(baseOp.responses) ? baseOp.responses : {};
      const headResponses = isObject(headOp.responses) ? headOp.responses : {};
      for (const [status, response] of Object.entries(baseResponses)) {
        if (!(status in headResponses)) {
          out.push({ where: `${op} ${status}`, what: 'response status removed' });
          continue;
        }
        const baseSchema = jsonSchemaOf(base, response);
        const headSchema = jsonSchemaOf(head, headResponses[status]);
        if (baseSchema !== undefined && headSchema === undefined) {
          out.push({ where: `${op} ${status}`, what: 'response body removed' });
        } else if (baseSchema !== undefined) {
          compareSchemas(docs, baseSchema, headSchema, `${op} ${status} body`, { side: 'response' }, out);
        }
      }
    }
  }
  return out;
}

/** The verdict: breaking changes are allowed only with a new major version of the contract. */
export function checkCompatibility(base: Json, head: Json): { changes: BreakingChange[]; allowed: boolean } {
  const changes = findBreakingChanges(base, head);
  return { changes, allowed: changes.length === 0 || majorVersion(head) > majorVersion(base) };
}
