import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/client.js';
import { prepareRuntime } from './runtime.js';
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
  const { content, db } = await prepareRuntime(env);
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
