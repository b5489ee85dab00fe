/**
 * Test fixtures shared by every integration test: the run's configuration (from the
 * vitest globalSetup), a database as the application role, and seeded tenants with one
 * user per role. Nothing here is used by the product itself.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { type Config, loadConfig } from '../config.ts';
import { createDatabase, type Database, type Tx } from '../db/database.ts';
import { type Actor, systemActor } from '../identity/actor.ts';
import type { Position, Role } from '../identity/schema.ts';
import { insertUser } from '../identity/users.ts';

declare module 'vitest' {
  /** What tests/support/global-db.ts provides to every integration test. */
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
    queuePrefix: string;
    /** A migrated database to copy when a test needs a database of its own. */
    templateDatabase: string;
    adminUrl: string;
  }
}

export const testPassword = 'Test-password-1';

/** The configuration of this test run; `redis: false` selects BullMQ's Postgres backend. */
export function testConfig({
  redis = true,
  env = {},
}: {
  redis?: boolean;
  env?: NodeJS.ProcessEnv;
} = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: inject('databaseUrl'),
    REDIS_URL: redis ? inject('redisUrl') : undefined,
    QUEUE_PREFIX: inject('queuePrefix'),
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
    ...env,
  });
}

export interface IsolatedDatabase {
  config: Config;
  /** Owner connection, for what the app role may not do (reading every tenant, faking a crash). */
  owner: postgres.Sql;
  drop(): Promise<void>;
}

/**
 * A fresh copy of the migrated template, with its own queue prefix: for tests whose
 * effects are global (the outbox relay claims every tenant's rows) and must not meet
 * another test file's.
 */
export async function isolatedDatabase({
  redis = true,
}: {
  redis?: boolean;
} = {}): Promise<IsolatedDatabase> {
  const name = `${inject('templateDatabase').replace(/_tpl$/, '')}_${uid()}`;
  const admin = postgres(inject('adminUrl'), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name} template ${inject('templateDatabase')}`);
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: url.toString(),
    REDIS_URL: redis ? inject('redisUrl') : undefined,
    QUEUE_PREFIX: `${inject('queuePrefix')}_${uid()}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  const owner = postgres(url.toString(), { max: 2, onnotice: () => {}, transform: postgres.camel });
  return {
    config,
    owner,
    async drop() {
      await owner.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** A pool as the application role (row-level security applies). */
export function testDatabase(config: Config = testConfig()): Database {
  return createDatabase({ url: config.databaseAppUrl, max: 5 });
}

export const uid = () => randomBytes(4).toString('hex');

export interface SeededUser {
  id: string;
  email: string;
  password: string;
  role: Role;
  storeId: string | null;
}

export interface SeededGroup {
  tenantId: string;
  code: string;
  storeIds: string[];
  /** One user per role; store roles sit at the first store. */
  users: Record<Exclude<Role, 'platform_admin'>, SeededUser>;
  /** Acts as the system inside this tenant (for direct core calls). */
  system: Actor;
}

const storeRoles: [Role, Position | null][] = [
  ['store_admin', null],
  ['cr_manager', null],
  ['callback_agent', null],
  ['receptionist', null],
  ['staff', 'sales_consultant'],
];

async function addUser(
  tx: Tx,
  tenantId: string,
  code: string,
  role: Role,
  storeId: string | null,
  position: Position | null,
): Promise<SeededUser> {
  const email = `${role.replace('_', '-')}@${code}.test`;
  const id = await insertUser(tx, tenantId, {
    name: `${role} ${code}`,
    email,
    mobile: null,
    password: testPassword,
    locale: 'zh-CN',
    roles: [{ role, storeId, position }],
  });
  return { id, email, password: testPassword, role, storeId };
}

/** A dealer group with `stores` stores and one user of every role (store roles at the first store). */
export async function seedGroup(
  db: Database,
  { stores = 2 }: { stores?: number } = {},
): Promise<SeededGroup> {
  const code = `g-${uid()}`;
  return db.withPlatform(async (tx) => {
    const [tenant] = await tx<{ id: string }[]>`
      insert into tenants (code, name) values (${code}, ${`测试集团 ${code}`}) returning id`;
    if (!tenant) throw new Error('tenant insert returned nothing');
    await tx`select set_config('app.tenant_id', ${tenant.id}, true)`;
    const storeIds: string[] = [];
    for (let i = 1; i <= stores; i++) {
      const [store] = await tx<{ id: string }[]>`
        insert into stores (tenant_id, code, name) values (${tenant.id}, ${`S${i}`}, ${`测试店 ${i}`}) returning id`;
      if (!store) throw new Error('store insert returned nothing');
      storeIds.push(store.id);
    }
    const first = storeIds[0] ?? null;
    const users = {
      hq_admin: await addUser(tx, tenant.id, code, 'hq_admin', null, null),
    } as SeededGroup['users'];
    for (const [role, position] of storeRoles) {
      users[role as keyof SeededGroup['users']] = await addUser(tx, tenant.id, code, role, first, position);
    }
    return { tenantId: tenant.id, code, storeIds, users, system: systemActor(tenant.id, 'test') };
  });
}

/** The platform operator's tenant and one platform admin (created once per database). */
export async function seedPlatform(db: Database): Promise<{ tenantId: string; admin: SeededUser }> {
  const code = `p-${uid()}`;
  return db.withPlatform(async (tx) => {
    const [tenant] = await tx<{ id: string }[]>`
      insert into tenants (code, name, kind) values (${code}, '平台', 'platform') returning id`;
    if (!tenant) throw new Error('tenant insert returned nothing');
    await tx`select set_config('app.tenant_id', ${tenant.id}, true)`;
    const admin = await addUser(tx, tenant.id, code, 'platform_admin', null, null);
    return { tenantId: tenant.id, admin };
  });
}
export { linuxProgram, sampleJpeg, samplePdf, samplePng, windowsProgram } from './attachment-files.ts';
export { type FakeSmsGateway, type GatewayPlan, startFakeSmsGateway } from './fake-sms-gateway.ts';
