import { LANGUAGES, type Language } from '../core/types.js';
import { detectLanguage } from '../../nlu/detect.js';
import { DANGER_CATEGORIES, type DangerCategory } from './categories.js';
import { LEXICONS, type Lexicon } from './lexicon/index.js';
import { foldSentences, rawSentences, type Sentence, type View } from './normalize.js';
import { compilePattern, indexMessage, mask, matchPattern, mayMatch, type MessageIndex, type Pattern } from './pattern.js';

export interface DangerMatch {
  language: Language;
  category: DangerCategory;
  /** The lexicon pattern that matched (lexicon text, never the citizen's words). */
  pattern: string;
}

export interface Danger {
  /** In the order of DANGER_CATEGORIES. */
  categories: DangerCategory[];
  /** Languages whose lexicon matched, the most matches first (a hint for the reply language). */
  languages: Language[];
  matches: DangerMatch[];
}

interface CompiledLexicon {
  language: Language;
  view: View;
  ignore: Pattern[];
  categories: [DangerCategory, Pattern[]][];
}

function compile(lexicon: Lexicon): CompiledLexicon {
  return {
    language: lexicon.language,
    view: lexicon.view,
    ignore: (lexicon.ignore ?? []).map((p) => compilePattern(p, lexicon.view)),
    categories: DANGER_CATEGORIES.map((c) => [c, lexicon[c].map((p) => compilePattern(p, lexicon.view))]),
  };
}

let compiled: CompiledLexicon[] | undefined;
/** Compiled once, on first use (a broken pattern throws here, and in the tests). */
export function compiledLexicons(): CompiledLexicon[] {
  return (compiled ??= LEXICONS.map(compile));
}

/**
 * Does the message signal danger? Checked against every language's lexicon whatever the
 * conversation's language (a Farsi speaker in a Greek conversation may write in Farsi).
 * `language` (the conversation's) breaks ties in the order of `languages`, and is the
 * fallback when guessing whether Latin letters are Greeklish.
 */
export function detectDanger(text: string, language?: Language): Danger | null {
  const lexicons = compiledLexicons(); // first: compiling tells the index which pieces to look for
  const raw = rawSentences(text);
  // Latin letters are read as Greeklish too, unless the message is plainly English or French
  // ("dernier" is no Greeklish δέρνει).
  const detected = detectLanguage(text, language ?? 'el');
  const greeklish = !(detected.confident && (detected.language === 'en' || detected.language === 'fr'));
  const views = new Map<View, { message: Sentence[]; index: MessageIndex }>();
  const read = (view: View) => {
    let found = views.get(view);
    if (!found) {
      const message = foldSentences(raw, view === 'greek' && !greeklish ? 'native' : view);
      views.set(view, (found = { message, index: indexMessage(message) }));
    }
    return found;
  };
  const matches: DangerMatch[] = [];
  for (const lexicon of lexicons) {
    const { message, index } = read(lexicon.view);
    let masked: Sentence[] | undefined;
    for (const [category, patterns] of lexicon.categories) {
      const hit = patterns.find((p) => {
        if (!mayMatch(p, index)) return false;
        masked ??= mask(message, lexicon.ignore.filter((i) => mayMatch(i, index)));
        return matchPattern(p, masked);
      });
      if (hit) matches.push({ language: lexicon.language, category, pattern: hit.source });
    }
  }
  if (matches.length === 0) return null;
  const categories = DANGER_CATEGORIES.filter((c) => matches.some((m) => m.category === c));
  const count = (l: Language) => matches.filter((m) => m.language === l).length;
  const rank = (l: Language) => (l === language ? -1 : LANGUAGES.indexOf(l));
  const languages = [...new Set(matches.map((m) => m.language))].sort((a, b) => count(b) - count(a) || rank(a) - rank(b));
  return { categories, languages, matches };
}
