import { ar } from './ar.js';
import { el } from './el.js';
import { en } from './en.js';
import { fa } from './fa.js';
import { fr } from './fr.js';
import { uk } from './uk.js';
import type { Lexicon } from './types.js';

/** Every language's danger lexicon: each message is checked against all of them. */
export const LEXICONS: readonly Lexicon[] = [el, en, ar, fa, uk, fr];
export type { Lexicon } from './types.js';
