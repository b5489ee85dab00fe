import { randomBytes } from 'node:crypto';
import { migrate } from '@crm/core';
import { Redis } from 'ioredis';
import postgres from 'postgres';

/** The server every test run borrows: a fresh database and Redis key prefix per run. */
const adminUrl = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  /** Owner connection of the run's own database (migrations ran through it). */
  databaseUrl: string;
  /** A migrated database nobody connects to, for `isolatedDatabase()` copies. */
  templateDatabase: string;
  adminUrl: string;
  redisUrl: string;
  /** Redis key prefix (and BullMQ prefix) of this run. */
  queuePrefix: string;
  drop(): Promise<void>;
}

/**
 * Creates `crm_test_<label>_<random>_tpl` and migrates it, then the run's database as a
 * copy of it; returns how to reach them and how to remove every database and Redis key
 * of the run.
 */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const suffix = `${label}_${randomBytes(4).toString('hex')}`;
  const name = `crm_test_${suffix}`;
  const templateDatabase = `${name}_tpl`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const urlOf = (db: string) => {
    const url = new URL(adminUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  await admin.unsafe(`create database ${templateDatabase}`);
  await migrate({ ownerUrl: urlOf(templateDatabase), appUser: 'crm_app', appPassword: 'crm_app' });
  await admin.unsafe(`create database ${name} template ${templateDatabase}`);
  const queuePrefix = `crmtest_${suffix}`;
  return {
    databaseUrl: urlOf(name),
    templateDatabase,
    adminUrl,
    redisUrl,
    queuePrefix,
    async drop() {
      const dbs = await admin<{ datname: string }[]>`
        select datname from pg_database where datname like ${`${name}%`}`;
      for (const { datname } of dbs) await admin.unsafe(`drop database if exists ${datname} with (force)`);
      await admin.end();
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${queuePrefix}*`, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
