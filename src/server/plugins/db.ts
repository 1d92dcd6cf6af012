import fp from 'fastify-plugin';
import type { Db } from '../../db/client.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
  }
}

/** External plugin: the case store, opened (and migrated) before the app is built. */
export const dbPlugin = fp<{ db: Db }>(
  async (app, { db }) => {
    app.decorate('db', db);
  },
  { name: 'db' },
);
