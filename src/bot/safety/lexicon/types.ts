import type { Language } from '../../core/types.js';
import type { View } from '../normalize.js';
import type { DangerCategory } from '../categories.js';

/**
 * The danger phrases of one language, per category, in the pattern language of
 * src/bot/safety/pattern.ts. Recall first: a false alarm costs a message with phone numbers,
 * a miss may cost a life. `ignore` lists harmless idioms that would otherwise match
 * ("kill time"); their words are blanked before the categories are matched.
 */
export type Lexicon = {
  language: Language;
  /** `greek`: Latin letters are read as Greeklish. */
  view: View;
  ignore?: string[];
} & Record<DangerCategory, string[]>;
