import type { FastifyInstance } from 'fastify';
import { loadContent, defaultContentDir } from '../content/load.js';
import { openDb, type Db } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { syncContent } from '../db/sync-content.js';
import type { Env } from '../config/env.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  close(): Promise<void>;
}

/**
 * Start-up in the order that fails fastest and clearest: content (no I/O beyond files),
 * database, migrations, content sync, then listen. Each failure is a one-line StartupError
 * or ContentError for the CLI to print.
 */
export async function startServer(env: Env): Promise<RunningServer> {
  const content = await loadContent(env.CONTENT_DIR ?? defaultContentDir());
  const db = await openDb(env.DATABASE_URL);
  try {
    await migrate(db);
    await syncContent(db.prisma, content);
  } catch (err) {
    await db.close();
    throw err;
  }
  const app = await buildApp({ env, db, content });
  try {
    await app.listen({ port: env.PORT, host: env.HOST });
  } catch (err) {
    await app.close();
    await db.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      await app.close();
      await db.close();
    })());
  return { app, db, url, close };
}
