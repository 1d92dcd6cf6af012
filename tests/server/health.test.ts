import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { loadEnv } from '../../src/config/env.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/sync-content.js';
import { buildApp } from '../../src/server/app.js';
import { emptyDatabase, migratedDatabase, providers } from '../support/db.js';

const env = loadEnv({ LOG_LEVEL: 'silent', KENTRO_SECRET: 'a-test-secret-that-is-long-enough-0123456789' }, '/nonexistent/.env');

describe.each(providers())('health on %s', (provider) => {
  let app: FastifyInstance;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const migrated = await migratedDatabase(provider);
    cleanup = migrated.cleanup;
    const content = await loadContent(defaultContentDir());
    await syncContent(migrated.db.prisma, content);
    app = await buildApp({ env, db: migrated.db, content });
  });
  afterAll(async () => {
    await app.close();
    await cleanup();
  });

  it('answers /healthz and /readyz with 200 when the database is migrated and content loaded', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', migrations: 'ok', content: 'ok (5 centres)' } });
  });

  it('loads the five centres with their inboxes and directories into the case store', async () => {
    const centres = await app.db.prisma.centre.findMany({ include: { inboxes: true, services: true }, orderBy: { id: 'asc' } });
    expect(centres.map((c) => c.id)).toEqual(['nikaia-rentis', 'samos', 'souli', 'syros-ermoupoli', 'thira']);
    for (const c of centres) {
      expect(c.inboxes.map((i) => i.channel).sort()).toEqual(['terminal', 'webchat']);
      expect(c.services.length).toBeGreaterThan(0);
    }
    // Syncing again (every restart) changes nothing.
    await syncContent(app.db.prisma, app.content);
    expect(await app.db.prisma.inbox.count()).toBe(12);
  });

  it('says not ready (503) while migrations are pending', async () => {
    const database = await emptyDatabase(provider);
    const db = await database.open();
    const bare = await buildApp({ env, db, content: app.content });
    try {
      const res = await bare.inject('/readyz');
      expect(res.statusCode).toBe(503);
      expect(res.json().checks.migrations).toMatch(/^pending: 0001_init/);
    } finally {
      await bare.close();
      await db.close();
      await database.drop();
    }
  });
});
