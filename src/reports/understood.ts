import { CONFIDENT } from '../dialogs/understanding.js';

/**
 * THE definition of a message kentro did not understand: an incoming message the classifier
 * read (it has an intent) as `None`, or with a score under the dialogs' confidence bar.
 * Button presses carry no intent and never count.
 */
export const NOT_UNDERSTOOD_WHERE = { OR: [{ intent: 'None' }, { intent: { not: null }, intentScore: { lt: CONFIDENT } }] };

export function isNotUnderstood(m: { intent: string | null; intentScore: number | null }): boolean {
  return m.intent === 'None' || (m.intent !== null && m.intentScore !== null && m.intentScore < CONFIDENT);
}
