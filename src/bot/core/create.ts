import type { Content } from '../../content/load.js';
import type { Db } from '../../db/client.js';
import { IntentClassifier } from '../../nlu/classifier.js';
import { ConversationCore } from './core.js';
import type { PreDialogCheck } from './hooks.js';
import { createFlowServices } from './flow-services.js';
import type { PrivacyConfig } from '../../privacy/config.js';

/**
 * The conversation core as the service and `kentro chat` run it: free-text understanding and
 * the pre-dialog checks. One place, so every channel gets the same bot.
 */
export async function createCore(db: Db, content: Content, checks: PreDialogCheck[] = [], settings: { privacy?: PrivacyConfig } = {}): Promise<ConversationCore> {
  const classifier = await IntentClassifier.create();
  return new ConversationCore(db, content, { classifier, checks, services: createFlowServices(db, content, settings.privacy) });
}
