import postgres from 'postgres';
import { translateDbError } from './translate-error.ts';

export type Sql = postgres.Sql;
/** A transaction scoped to one tenant: every query inside sees only that tenant's rows. */
export type Tx = postgres.TransactionSql;

export interface Database {
  /** Runs `fn` in one transaction with `app.tenant_id` set locally to `tenantId`. */
  withTenant<T>(tenantId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs `fn` in one transaction that may read and create tenants (platform operator only). */
  withPlatform<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A transaction with no tenant: sees no tenant rows; for the app_private lookups. */
  withoutTenant<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** The pool itself, for health checks. */
  readonly sql: Sql;
  close(): Promise<void>;
}

export interface CreateDatabaseOptions {
  url: string;
  max?: number;
}

/**
 * Connects as the application role. Postgres errors are translated into AppErrors at
 * the transaction boundary, so callers never see a PostgresError.
 *
 * @example
 * const db = createDatabase({ url: config.databaseAppUrl });
 * const stores = await db.withTenant(tenantId, (tx) => tx`select * from stores`);
 */
export function createDatabase({ url, max = 10 }: CreateDatabaseOptions): Database {
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    // Rows come back camelCased, timestamps as ISO strings and dates as YYYY-MM-DD: the
    // shapes the API's schemas describe, with no per-query mapping.
    transform: { ...postgres.camel, undefined: null },
    types: {
      instant: {
        to: 1184,
        from: [1184, 1114],
        serialize: (x: Date | string) => (x instanceof Date ? x.toISOString() : x),
        parse: (x: string) => new Date(x).toISOString(),
      },
      day: { to: 1082, from: [1082], serialize: (x: string) => x, parse: (x: string) => x },
    },
    connection: { application_name: 'crm-app' },
  });

  async function run<T>(settings: Record<string, string>, fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return (await sql.begin(async (tx) => {
        for (const [key, value] of Object.entries(settings)) {
          await tx`select set_config(${key}, ${value}, true)`;
        }
        return fn(tx);
      })) as T;
    } catch (error) {
      throw translateDbError(error);
    }
  }

  return {
    sql,
    withTenant: (tenantId, fn) => run({ 'app.tenant_id': tenantId }, fn),
    withPlatform: (fn) => run({ 'app.platform': 'on' }, fn),
    withoutTenant: (fn) => run({}, fn),
    close: () => sql.end({ timeout: 5 }),
  };
}
