/**
 * The small pattern language of the danger lexicons, compiled through the same folds as the
 * messages (src/bot/safety/normalize.ts), so a lexicon is written in plain spelling:
 *
 *   με χτυπ*|δερν*        words in order; `*` = any letters; `a|b` = either word
 *   θελω να πεθαν*        up to 2 other words may stand between two pattern words
 *   δεν … αναπνε*         `…` (or `...`): up to 6 words between
 *   = kil time            a leading `=`: the words must be adjacent
 *   δεν αντεχω αλλο $     `$`: the sentence ends there
 *   παιδ* + χτυπ*         `+`: each part anywhere in the message
 *
 * A phrase never reaches across a sentence end (. ! ? ; new line). `|` joins single words
 * only: `κινδυνο φτωχειας|αποκλεισμου` is κινδυνο followed by either word, and an alternative
 * of two words needs a pattern of its own. A pattern word that folds to two words (in-law)
 * is refused when the lexicon is compiled.
 */
import { rawSentences, foldWord, type Sentence, type View, type Word } from './normalize.js';

const GAP = 2;
const WIDE_GAP = 6;

/** A compiled pattern word; one object per distinct (word, view), shared by the patterns using it. */
interface WordTest {
  test: RegExp;
}

interface PatternWord {
  word: WordTest;
  /** How many other words may stand before this one (after the previous pattern word). */
  gap: number;
}

interface Phrase {
  words: PatternWord[];
  /** The last word must end the sentence. */
  end: boolean;
}

export interface Pattern {
  source: string;
  parts: Phrase[];
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const compiledWords = new Map<string, WordTest>();
/** Pattern words by the keys that let them through the quick test (see `indexMessage`). */
const wordsByKey = new Map<string, WordTest[]>();
/** Words the quick test cannot judge (an alternative without letters): always let through. */
const unfilteredWords: WordTest[] = [];
/** Every `*piece*` of every compiled pattern: the only pieces worth looking for in a message. */
const pieces = new Set<string>();

/** One pattern word (alternatives, `*` wildcards) as an anchored regex over folded words. */
function compileWord(text: string, view: View, source: string): WordTest {
  const cached = compiledWords.get(`${view}:${text}`);
  if (cached) return cached;
  const keys = new Set<string>();
  let unfiltered = false;
  const alternatives = text.split('|').map((alt) => {
    const segments = alt.split('*').map((segment) => {
      if (segment === '') return [];
      const words = rawSentences(segment).flat();
      if (words.length !== 1) throw new Error(`danger lexicon: "${segment}" in "${source}" is not one word`);
      return foldWord(words[0]!, view);
    });
    // A necessary condition, cheap to check: the whole word (=), its start (^) or a piece (~).
    const first = segments.findIndex((readings) => readings.length > 0);
    const kind = segments.length === 1 ? '=' : first === 0 ? '^' : '~';
    if (first === -1) unfiltered = true;
    for (const reading of segments[first] ?? []) {
      keys.add(kind + reading);
      if (kind === '~') pieces.add(reading);
    }
    return segments.map((readings) => (readings.length === 0 ? '' : readings.length === 1 ? escape(readings[0]!) : `(?:${readings.map(escape).join('|')})`)).join('.*');
  });
  const word: WordTest = { test: new RegExp(`^(?:${alternatives.join('|')})$`, 'u') };
  if (unfiltered) unfilteredWords.push(word);
  else for (const key of keys) wordsByKey.set(key, [...(wordsByKey.get(key) ?? []), word]);
  compiledWords.set(`${view}:${text}`, word);
  return word;
}

/** The pattern words a message may satisfy: the quick test before any positional matching. */
export interface MessageIndex {
  present: Set<WordTest>;
}

/**
 * Looks up every key a message's words offer (each reading whole, each of its starts, each
 * pattern piece it contains) and collects the pattern words they let through. A pattern with
 * a word not among them cannot match, and most patterns stop there.
 */
export function indexMessage(message: Sentence[]): MessageIndex {
  const present = new Set<WordTest>(unfilteredWords);
  const seen = new Set<string>();
  const add = (key: string) => {
    for (const word of wordsByKey.get(key) ?? []) present.add(word);
  };
  for (const sentence of message) {
    for (const word of sentence) {
      for (const reading of word) {
        if (seen.has(reading)) continue;
        seen.add(reading);
        add('=' + reading);
        for (let i = 1; i <= reading.length; i++) add('^' + reading.slice(0, i));
        for (const piece of pieces) if (reading.includes(piece)) add('~' + piece);
      }
    }
  }
  return { present };
}

/** Could the pattern match a message with this index? (Never false when it would match.) */
export function mayMatch(pattern: Pattern, index: MessageIndex): boolean {
  return pattern.parts.every((part) => part.words.every(({ word }) => index.present.has(word)));
}

function compilePhrase(text: string, view: View, source: string): Phrase {
  let strict = false;
  let tokens = text.trim().split(/\s+/);
  if (tokens[0] === '=') {
    strict = true;
    tokens = tokens.slice(1);
  }
  const words: PatternWord[] = [];
  let end = false;
  let gap = strict ? 0 : GAP;
  for (const token of tokens) {
    if (token === '…' || token === '...') {
      gap = WIDE_GAP;
      continue;
    }
    if (token === '$') {
      end = true;
      continue;
    }
    words.push({ word: compileWord(token, view, source), gap: words.length === 0 ? 0 : gap });
    gap = strict ? 0 : GAP;
  }
  if (words.length === 0) throw new Error(`danger lexicon: empty pattern "${source}"`);
  return { words, end };
}

export function compilePattern(source: string, view: View): Pattern {
  return { source, parts: source.split(/\s\+\s/).map((part) => compilePhrase(part, view, source)) };
}

const matches = ({ test }: WordTest, word: Word): boolean => word.some((reading) => test.test(reading));

/** Positions of the words of `phrase` in `sentence`, or null. */
export function matchPhrase(phrase: Phrase, sentence: Sentence): number[] | null {
  const { words } = phrase;
  const extend = (i: number, pos: number, found: number[]): number[] | null => {
    if (i === words.length) return !phrase.end || pos === sentence.length - 1 ? found : null;
    const { word: test, gap } = words[i]!;
    for (let next = pos + 1; next <= Math.min(sentence.length - 1, pos + 1 + gap); next++) {
      if (matches(test, sentence[next]!)) {
        const result = extend(i + 1, next, [...found, next]);
        if (result) return result;
      }
    }
    return null;
  };
  for (let start = 0; start < sentence.length; start++) {
    if (!matches(words[0]!.word, sentence[start]!)) continue;
    const result = extend(1, start, [start]);
    if (result) return result;
  }
  return null;
}

/** Does the whole pattern match the message (every `+` part somewhere)? */
export function matchPattern(pattern: Pattern, message: Sentence[]): boolean {
  return pattern.parts.every((part) => message.some((sentence) => matchPhrase(part, sentence) !== null));
}

/**
 * A copy of the message with the words of every `ignore` match blanked (they match nothing).
 * An ignore pattern with `+` parts applies only when all its parts are in the message.
 */
export function mask(message: Sentence[], ignore: readonly Pattern[]): Sentence[] {
  const out = message.map((sentence) => [...sentence]);
  for (const pattern of ignore) {
    if (pattern.parts.length > 1 && !matchPattern(pattern, out)) continue;
    for (const part of pattern.parts) {
      for (const sentence of out) {
        for (let found = matchPhrase(part, sentence); found; found = matchPhrase(part, sentence)) {
          for (const i of found) sentence[i] = [];
        }
      }
    }
  }
  return out;
}
