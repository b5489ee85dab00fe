/**
 * Reads the API's own OpenAPI document so sweeping tests cover every route, including
 * routes added later, without being edited.
 */

// biome-ignore lint/suspicious/noExplicitAny: JSON Schema as served
type Schema = any;

export interface Operation {
  method: string;
  /** As documented, e.g. /v1/stores/{storeId}. */
  path: string;
  params: string[];
  /** Required query parameters with their schemas. */
  query: { name: string; schema: Schema }[];
  /** Every query parameter, required or not. */
  allQuery: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  /** Operations that need no signed-in caller (login). */
  public: boolean;
}

// biome-ignore lint/suspicious/noExplicitAny: the served document
export function operationsOf(doc: any): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Record<string, Schema>>(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        params: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string),
        query: (op.parameters ?? [])
          .filter((p: Schema) => p.in === 'query' && p.required)
          .map((p: Schema) => ({ name: p.name, schema: p.schema })),
        allQuery: (op.parameters ?? [])
          .filter((p: Schema) => p.in === 'query')
          .map((p: Schema) => ({ name: p.name, schema: p.schema, required: Boolean(p.required) })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return out;
}

export const routeKey = (op: Pick<Operation, 'method' | 'path'>) => `${op.method} ${op.path}`;

/**
 * The operation's path with `values` for its parameters (an id the caller has no value
 * for gets a random uuid) and a sample value for each required query parameter.
 */
export function fillPath(
  path: string,
  values: Record<string, string>,
  op?: Pick<Operation, 'query'>,
  doc?: Schema,
): string {
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name] ?? (name.endsWith('Id') ? crypto.randomUUID() : undefined);
    if (v === undefined) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(v);
  });
  const query = (op?.query ?? []).map(
    ({ name, schema }) =>
      `${encodeURIComponent(name)}=${encodeURIComponent(String(sampleOf(schema, doc, values, name)))}`,
  );
  return query.length ? `${filled}?${query.join('&')}` : filled;
}

/** Values for properties whose format a plain type cannot guess. */
const byName: Record<string, unknown> = {
  code: `x${Math.random().toString(36).slice(2, 8)}`,
  email: () => `sample-${Math.random().toString(36).slice(2, 8)}@example.test`,
  mobile: () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  password: 'Sample-password-1',
  timeZone: 'Asia/Shanghai',
  month: '2026-01',
  role: 'store_admin',
  locale: 'zh-CN',
};

/**
 * A small valid instance of a request body schema: required properties only, the first
 * enum value, minimums respected; `ids` fills uuid properties by name (e.g. storeId).
 */
export function sampleOf(schema: Schema, doc: Schema, ids: Record<string, string> = {}, name = ''): unknown {
  if (!schema) return undefined;
  if (schema.$ref) {
    const ref = String(schema.$ref).split('/').pop() as string;
    return sampleOf(doc.components.schemas[ref], doc, ids, name);
  }
  const named = byName[name];
  if (named !== undefined) return typeof named === 'function' ? named() : named;
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const nonNull = variants.find((v: Schema) => v.type !== 'null') ?? variants[0];
    return sampleOf(nonNull, doc, ids, name);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => sampleOf(s, doc, ids, name)));
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      // Required properties, and optional ids the caller named (so a cross-tenant id is tried).
      const keys = new Set<string>(schema.required ?? []);
      for (const key of Object.keys(schema.properties ?? {})) if (ids[key]) keys.add(key);
      for (const key of keys) out[key] = sampleOf(schema.properties?.[key], doc, ids, key);
      return out;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items, doc, ids, name));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return ids[name] ?? crypto.randomUUID();
      if (schema.format === 'date') return '2026-01-15';
      if (schema.format === 'date-time') return '2026-01-15T08:00:00.000Z';
      if (schema.format === 'email') return `sample-${Math.random().toString(36).slice(2, 8)}@example.test`;
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return null;
  }
}

/** A schema with its `$ref` followed, and of a union the first variant that is not null. */
function resolved(schema: Schema, doc: Schema): Schema {
  let current = schema;
  for (let i = 0; i < 10 && current; i++) {
    if (current.$ref) current = doc.components.schemas[String(current.$ref).split('/').pop() as string];
    else if (current.anyOf ?? current.oneOf)
      current = (current.anyOf ?? current.oneOf).find((v: Schema) => v.type !== 'null') ?? null;
    else break;
  }
  return current;
}

const typeOf = (schema: Schema): string | undefined =>
  Array.isArray(schema?.type) ? schema.type.find((t: string) => t !== 'null') : schema?.type;

/**
 * Every string property a body schema declares, required or not, with its path (an array's
 * first element stands for all) and schema — where a sweep puts its bad values.
 */
export function stringLeaves(
  schema: Schema,
  doc: Schema,
  path: (string | number)[] = [],
  depth = 0,
): { path: (string | number)[]; schema: Schema }[] {
  const s = resolved(schema, doc);
  if (!s || depth > 6) return [];
  const type = typeOf(s);
  if (type === 'string') return [{ path, schema: s }];
  if (type === 'array') return stringLeaves(s.items, doc, [...path, 0], depth + 1);
  if (type === 'object' || s.properties)
    return Object.entries<Schema>(s.properties ?? {}).flatMap(([key, prop]) =>
      stringLeaves(prop, doc, [...path, key], depth + 1),
    );
  return [];
}

/**
 * `sample` with `value` at `path`; an object or array element the sample lacks on the way is
 * made from its schema (so an optional nested field is reached).
 */
export function withValueAt(
  sample: unknown,
  path: (string | number)[],
  value: unknown,
  schema: Schema,
  doc: Schema,
  ids: Record<string, string> = {},
): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const s = resolved(schema, doc);
  const child = typeof key === 'number' ? s?.items : s?.properties?.[key];
  if (typeof key === 'number') {
    const list = Array.isArray(sample) ? [...sample] : [];
    const current = list[key] ?? sampleOf(child, doc, ids);
    list[key] = withValueAt(current, rest, value, child, doc, ids);
    return list;
  }
  const record =
    typeof sample === 'object' && sample !== null ? { ...(sample as Record<string, unknown>) } : {};
  const current = record[key] ?? sampleOf(child, doc, ids, key);
  record[key] = withValueAt(current, rest, value, child, doc, ids);
  return record;
}
