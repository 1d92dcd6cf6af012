import fp from 'fastify-plugin';
import type { ConversationCore } from '../../bot/core/core.js';
import { createCore } from '../../bot/core/create.js';

declare module 'fastify' {
  interface FastifyInstance {
    core: ConversationCore;
  }
}

/** App plugin: the conversation core every channel feeds. */
export const corePlugin = fp(
  async (app) => {
    app.decorate('core', await createCore(app.db, app.content));
  },
  { name: 'core', dependencies: ['db', 'content'] },
);
