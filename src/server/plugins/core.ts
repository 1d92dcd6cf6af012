import fp from 'fastify-plugin';
import { ConversationCore } from '../../bot/core/core.js';

declare module 'fastify' {
  interface FastifyInstance {
    core: ConversationCore;
  }
}

/** App plugin: the conversation core every channel feeds. */
export const corePlugin = fp(
  async (app) => {
    app.decorate('core', new ConversationCore(app.db, app.content));
  },
  { name: 'core', dependencies: ['db', 'content'] },
);
