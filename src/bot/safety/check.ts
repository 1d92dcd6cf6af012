import type { PreDialogCheck } from '../core/hooks.js';
import { detectDanger } from './detect.js';
import { REPLY_PRIORITY } from './categories.js';
import type { Hotlines } from './hotlines.js';
import { emergencyReply, replyLanguage } from './reply.js';

/**
 * The emergency check (SPEC capability 7): every inbound message, in any language, is looked
 * at before the dialog. Danger gets the right help lines at once, in the citizen's language,
 * and flags the conversation urgent (the core puts it in the staff queue); the dialog carries
 * on, because a citizen in trouble may still need the answer they asked for.
 */
export function createEmergencyCheck(hotlines: Hotlines): PreDialogCheck {
  return ({ text, language, intent }) => {
    // The phrase lists miss new wordings; when the classifier reads danger, answer anyway with
    // every line (a false alarm costs a message, a missed emergency costs far more).
    const danger = detectDanger(text, language) ?? (intent === 'emergency' ? { categories: [...REPLY_PRIORITY], languages: [] } : null);
    if (!danger) return null;
    const lang = replyLanguage(text, language, danger);
    return { replies: [{ text: emergencyReply(hotlines, danger.categories, lang) }], urgent: true, stopDialog: false };
  };
}
