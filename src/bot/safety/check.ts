import type { PreDialogCheck } from '../core/hooks.js';
import { detectDanger } from './detect.js';
import type { Hotlines } from './hotlines.js';
import { emergencyReply, replyLanguage } from './reply.js';

/**
 * The emergency check (SPEC capability 7): every inbound message, in any language, is looked
 * at before the dialog. Danger gets the right help lines at once, in the citizen's language,
 * and flags the conversation urgent (the core puts it in the staff queue); the dialog carries
 * on, because a citizen in trouble may still need the answer they asked for.
 */
export function createEmergencyCheck(hotlines: Hotlines): PreDialogCheck {
  return ({ text, language }) => {
    const danger = detectDanger(text, language);
    if (!danger) return null;
    const lang = replyLanguage(text, language, danger);
    return { replies: [{ text: emergencyReply(hotlines, danger.categories, lang) }], urgent: true, stopDialog: false };
  };
}
