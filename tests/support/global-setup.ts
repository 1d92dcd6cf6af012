import type { TestProject } from 'vitest/node';
import { postgresReachable, POSTGRES_ADMIN_URL } from './postgres.js';
import { IntentClassifier } from '../../src/nlu/classifier.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: boolean;
  }
}

/**
 * Database tests run on SQLite always and on PostgreSQL when it is reachable. Under CI
 * (CI=true) a missing PostgreSQL fails the run instead of silently testing less.
 */
export default async function setup(project: TestProject): Promise<void> {
  const reachable = await postgresReachable();
  if (!reachable && process.env.CI === 'true') {
    throw new Error(`PostgreSQL is not reachable at ${new URL(POSTGRES_ADMIN_URL).host}; CI requires it (see .ci/run)`);
  }
  if (!reachable) console.warn('PostgreSQL not reachable: database tests run on SQLite only');
  project.provide('postgres', reachable);
  // Train (or find cached) the intent model once, before test processes start servers that load it.
  await IntentClassifier.create();
}
