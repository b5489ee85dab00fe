import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations } from 'bullmq';
import pg from 'pg';
import postgres from 'postgres';

export const migrationsDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'migrations');

/** The group role that owns no table but may read and write them under row-level security. */
export const APP_GROUP_ROLE = 'crm_app_rw';

/** Where BullMQ's PostgreSQL backend keeps its tables. */
export const QUEUE_SCHEMA = 'bullmq';

export interface MigrateOptions {
  /** Owner connection (a role that may create roles, or one whose app role already exists). */
  ownerUrl: string;
  appUser: string;
  appPassword: string;
  log?: (line: string) => void;
}

/**
 * Brings a database up to date: ensures the application roles, then applies every
 * `migrations/NNNN_*.sql` not yet recorded in `schema_migrations`, each in its own
 * transaction, in order, once. An applied file whose text changed is an error:
 * migrations are never edited after they land.
 */
export async function migrate({
  ownerUrl,
  appUser,
  appPassword,
  log = () => {},
}: MigrateOptions): Promise<string[]> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(hashtext('crm.migrate'))`;
    await withRetry(() => bootstrapRoles(sql, appUser, appPassword));
    await sql`create table if not exists schema_migrations (
      version text primary key, name text not null, checksum text not null,
      applied_at timestamptz not null default now())`;
    const applied = new Map(
      (
        await sql<{ version: string; checksum: string }[]>`select version, checksum from schema_migrations`
      ).map((r) => [r.version, r.checksum]),
    );
    const done: string[] = [];
    for (const file of (await readdir(migrationsDir)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort()) {
      const version = file.slice(0, 4);
      const text = await readFile(join(migrationsDir, file), 'utf8');
      const checksum = createHash('sha256').update(text).digest('hex');
      const known = applied.get(version);
      if (known === checksum) continue;
      if (known) throw new Error(`Migration ${file} was edited after it was applied`);
      await sql.begin(async (tx) => {
        await tx.unsafe(text);
        await tx`insert into schema_migrations (version, name, checksum) values (${version}, ${file}, ${checksum})`;
      });
      log(`applied ${file}`);
      done.push(file);
    }
    await migrateQueueSchema(ownerUrl);
    return done;
  } finally {
    await sql`select pg_advisory_unlock(hashtext('crm.migrate'))`.catch(() => {});
    await sql.end({ timeout: 5 });
  }
}

/** The login role the app connects as: a member of crm_app_rw, never owner, never BYPASSRLS. */
async function bootstrapRoles(sql: postgres.Sql, appUser: string, appPassword: string): Promise<void> {
  const [db] = await sql<
    { name: string; owner: string }[]
  >`select current_database() as name, current_user as owner`;
  if (!db) throw new Error('cannot read current database');
  const [group] = await sql`select 1 from pg_roles where rolname = ${APP_GROUP_ROLE}`;
  if (!group) await sql.unsafe(`create role ${APP_GROUP_ROLE} nologin`);
  const [user] = await sql`select 1 from pg_roles where rolname = ${appUser}`;
  if (!user) await sql.unsafe(`create role ${appUser} login nobypassrls nosuperuser`);
  await sql.unsafe(
    `alter role ${appUser} with login nobypassrls nosuperuser password '${appPassword.replaceAll("'", "''")}'`,
  );
  await sql.unsafe(`grant ${APP_GROUP_ROLE} to ${appUser}`);
  await sql.unsafe(`grant connect, temporary on database "${db.name}" to ${APP_GROUP_ROLE}`);
  await sql.unsafe(`grant usage on schema public to ${APP_GROUP_ROLE}`);
  await sql.unsafe(
    `alter default privileges for role "${db.owner}" in schema public grant select, insert, update, delete on tables to ${APP_GROUP_ROLE}`,
  );
  await sql.unsafe(
    `alter default privileges for role "${db.owner}" in schema public grant usage, select on sequences to ${APP_GROUP_ROLE}`,
  );
}

/**
 * BullMQ's PostgreSQL backend keeps its tables in schema `bullmq`. Its migrations run
 * here, as the owner, like ours; the app connects with `migrate: false` and may only
 * read and write the rows.
 */
async function migrateQueueSchema(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await runMigrations(client, QUEUE_SCHEMA);
    for (const statement of [
      // BullMQ creates a job-id sequence per queue at run time, hence create.
      `grant usage, create on schema ${QUEUE_SCHEMA} to ${APP_GROUP_ROLE}`,
      `grant select, insert, update, delete on all tables in schema ${QUEUE_SCHEMA} to ${APP_GROUP_ROLE}`,
      `grant usage, select, update on all sequences in schema ${QUEUE_SCHEMA} to ${APP_GROUP_ROLE}`,
      `grant execute on all functions in schema ${QUEUE_SCHEMA} to ${APP_GROUP_ROLE}`,
    ]) {
      await client.query(statement);
    }
  } finally {
    await client.end();
  }
}

/** Role creation is cluster-wide: parallel test runs on other databases may race; retry. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise((r) => setTimeout(r, 50 * i + Math.random() * 100));
    }
  }
}
