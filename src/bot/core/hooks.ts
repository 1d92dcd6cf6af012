import type { Language } from './types.js';
import type { Reply } from '../../dialogs/engine/engine.js';

/** What a pre-dialog check sees of a turn. */
export interface CheckInput {
  text: string;
  language: Language;
  centreId: string | null;
  conversationId: string;
  /** The classifier's intent for the message, when it ran (a second opinion for the checks). */
  intent?: string;
}

/** What a check decides: replies sent at once, the urgent flag, and whether the dialog still runs. */
export interface CheckResult {
  replies?: Reply[];
  urgent?: boolean;
  stopDialog?: boolean;
}

/**
 * Runs before the dialog on every message, whatever the dialog is doing (the emergency check
 * plugs in here: danger words get hotline numbers at once, never after a flow finishes).
 */
export type PreDialogCheck = (input: CheckInput) => CheckResult | null;
