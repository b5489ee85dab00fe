import type { TestProject } from 'vitest/node';
import { createTestDatabase } from './database.ts';

import '@crm/core/testing';

/** Integration project: one migrated database and one Redis prefix for the run, dropped after. */
export default async function setup(project: TestProject) {
  const db = await createTestDatabase('it');
  project.provide('databaseUrl', db.databaseUrl);
  project.provide('redisUrl', db.redisUrl);
  project.provide('queuePrefix', db.queuePrefix);
  project.provide('templateDatabase', db.templateDatabase);
  project.provide('adminUrl', db.adminUrl);
  return () => db.drop();
}
