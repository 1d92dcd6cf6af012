import fp from 'fastify-plugin';
import type { ConversationCore } from '../../bot/core/core.js';
import { createCore } from '../../bot/core/create.js';
import { createEmergencyCheck } from '../../bot/safety/check.js';
import { loadHotlines } from '../../bot/safety/hotlines.js';
import { defaultContentDir } from '../../content/load.js';
import type { PrivacyConfig } from '../../privacy/config.js';

declare module 'fastify' {
  interface FastifyInstance {
    core: ConversationCore;
  }
}

/** App plugin: the conversation core every channel feeds, with the emergency check. */
export const corePlugin = fp<{ contentDir?: string | undefined; privacy?: PrivacyConfig }>(
  async (app, { contentDir, privacy }) => {
    // content/hotlines.yaml is validated here: a bad file stops start-up with file, path and reason.
    const hotlines = await loadHotlines(contentDir ?? defaultContentDir());
    app.decorate('core', await createCore(app.db, app.content, [createEmergencyCheck(hotlines)], privacy ? { privacy } : {}));
  },
  { name: 'core', dependencies: ['db', 'content'] },
);
