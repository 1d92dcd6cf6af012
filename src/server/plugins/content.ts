import fp from 'fastify-plugin';
import type { Content } from '../../content/load.js';

declare module 'fastify' {
  interface FastifyInstance {
    content: Content;
  }
}

/** App plugin: the validated content of content/, loaded once at start-up. */
export const contentPlugin = fp<{ content: Content }>(
  async (app, { content }) => {
    app.decorate('content', content);
  },
  { name: 'content' },
);
