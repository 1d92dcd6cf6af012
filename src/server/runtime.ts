import { defaultContentDir, loadContent, type Content } from '../content/load.js';
import { openDb, type Db } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { syncContent } from '../db/sync-content.js';
import type { Env } from '../config/env.js';

/**
 * What every command that touches conversations needs, in the order that fails fastest and
 * clearest: content (files only), database, migrations, content sync.
 */
export async function prepareRuntime(env: Env): Promise<{ content: Content; db: Db }> {
  const content = await loadContent(env.CONTENT_DIR ?? defaultContentDir());
  const db = await openDb(env.DATABASE_URL);
  try {
    await migrate(db);
    await syncContent(db.prisma, content);
  } catch (err) {
    await db.close();
    throw err;
  }
  return { content, db };
}
