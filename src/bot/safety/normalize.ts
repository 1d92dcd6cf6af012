/**
 * Text → words for danger matching. Each word is folded by its own script, so one message is
 * read the same way whatever the conversation's language, and the lexicon's phrases go through
 * the very same folds when they are compiled.
 *
 * Arabic-script, Cyrillic and Latin words reuse src/nlu's normalisers and add a little more
 * (Persian letters typed on Arabic keyboards, Russian letters, doubled letters of "pleaseeee").
 * Greek has its own fold here: the NLU fold is not stable under a second pass (βοηθεια and
 * Greeklish "voithia" end up different) and turns αυ into ε, so Greek and Greeklish of the same
 * word would miss each other — a miss we cannot afford in this check.
 */
import { asciiDigits } from '../../dialogs/engine/input.js';
import { normalizeArabic, normalizeUkrainian } from '../../nlu/normalize.js';

/** A word: the folded spellings it may stand for (several for ambiguous Greeklish). */
export type Word = readonly string[];
/** A sentence: its words in order. Phrases match inside one sentence. */
export type Sentence = Word[];

/** How a lexicon reads Latin letters: as themselves, or as Greeklish. */
export type View = 'native' | 'greek';

const GREEK = /[\u0370-\u03ff\u1f00-\u1fff]/;
const ARABIC = /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/;
const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

const collapse = (w: string): string => w.replace(/(.)\1+/gu, '$1');

// ── Greek ───────────────────────────────────────────────────────────────────────────────

// One left-to-right pass, digraphs first, so a letter is read once: "χτυπάει" → χτυπαι.
const GREEK_FOLD: Record<string, string> = {
  αυ: 'αβ', αφ: 'αβ', αβ: 'αβ', ευ: 'εβ', εφ: 'εβ', εβ: 'εβ',
  αι: 'ε', ει: 'ι', οι: 'ι', υι: 'ι', ου: 'ου',
  ντ: 'δ', γγ: 'γκ', κσ: 'ξ', πσ: 'ψ',
  η: 'ι', υ: 'ι', ω: 'ο', ς: 'σ',
};
const GREEK_FOLD_RE = new RegExp(Object.keys(GREEK_FOLD).join('|'), 'g');

/** A Greek word (lower case, no accents) folded to sound: Greek and Greeklish meet here. */
export function foldGreek(word: string): string {
  return collapse(word.replace(GREEK_FOLD_RE, (m) => GREEK_FOLD[m]!).replace(/\u00b7/g, ''));
}

// Greeklish readings, one pass, longest first. Some are ambiguous and keep both readings:
// h (χ or η), u (ου or υ), b (μπ or β), th (θ, or τη as in "thn"), ph (φ, or πη as in
// "phra"), oi (the sound ι, or ο then ι as in ζωή = zoi; a middle dot between the letters keeps the
// Greek fold from reading them as one).
const GREEKLISH: [string, string[]][] = [
  ['th', ['θ', 'τη']], ['ch', ['χ']], ['kh', ['χ']], ['ph', ['φ', 'πη']], ['ps', ['ψ']], ['ks', ['ξ']],
  ['oi', ['οι', 'ο\u00b7ι']], ['ou', ['ου']], ['oy', ['ου']], ['au', ['αυ']], ['ay', ['αυ']], ['eu', ['ευ']], ['ey', ['ευ']],
  ['mp', ['μπ']], ['nt', ['ντ']], ['gk', ['γκ']], ['gg', ['γκ']], ['tz', ['τζ']], ['ts', ['τσ']],
  ['8', ['θ']], ['3', ['ξ']],
  ['a', ['α']], ['b', ['μπ', 'β']], ['c', ['κ']], ['d', ['δ']], ['e', ['ε']], ['f', ['φ']], ['g', ['γ']],
  ['h', ['χ', 'η']], ['i', ['ι']], ['j', ['τζ']], ['k', ['κ']], ['l', ['λ']], ['m', ['μ']], ['n', ['ν']],
  ['o', ['ο']], ['p', ['π']], ['q', ['κ']], ['r', ['ρ']], ['s', ['σ']], ['t', ['τ']], ['u', ['ου', 'υ']],
  ['v', ['β']], ['w', ['ω']], ['x', ['χ']], ['y', ['υ']], ['z', ['ζ']],
];
const GREEKLISH_MAP = new Map(GREEKLISH);
const GREEKLISH_RE = new RegExp(GREEKLISH.map(([k]) => k).join('|'), 'g');

/** A Latin word read as Greeklish: every folded Greek reading (at most a few). */
export function greeklishReadings(word: string): string[] {
  const pieces: string[][] = [];
  let last = 0;
  for (const m of word.matchAll(GREEKLISH_RE)) {
    if (m.index > last) pieces.push([word.slice(last, m.index)]);
    pieces.push(GREEKLISH_MAP.get(m[0])!);
    last = m.index + m[0].length;
  }
  if (last < word.length) pieces.push([word.slice(last)]);
  // Each kind of ambiguity takes one reading for the whole word: enough, and few readings.
  const kinds = [...new Set(pieces.filter((p) => p.length > 1).map((p) => p[0]!))];
  const choices = kinds.reduce<Record<string, number>[]>((all, kind) => all.flatMap((c) => [0, 1].map((i) => ({ ...c, [kind]: i }))), [{}]);
  const readings = choices.map((choice) => foldGreek(pieces.map((p) => (p.length === 1 ? p[0]! : p[choice[p[0]!]!]!)).join('')));
  return [...new Set(readings)];
}

// ── Arabic script (Arabic and Farsi alike) ──────────────────────────────────────────────

/** Arabic and Farsi spellings to one form: the NLU fold plus Persian letters and hamza. */
export function foldArabicScript(word: string): string {
  return collapse(
    normalizeArabic(word)
      .replace(/پ/g, 'ب')
      .replace(/چ/g, 'ج')
      .replace(/ژ/g, 'ز')
      .replace(/[گک]/g, 'ك')
      .replace(/[ۀە]/g, 'ه')
      .replace(/ء/g, ''),
  );
}

// ── Cyrillic (Ukrainian, and Russian as many Ukrainians write it) ───────────────────────

export function foldCyrillic(word: string): string {
  return collapse(
    normalizeUkrainian(word)
      .replace(/'/g, '')
      .replace(/[іїыйi]/g, 'и')
      .replace(/[єэё]/g, 'е')
      .replace(/ґ/g, 'г')
      .replace(/[ьъ]/g, ''),
  );
}

// ── Latin (English, French, and Farsi/Arabic written in Latin letters) ──────────────────

export function foldLatin(word: string): string {
  return collapse(word.replace(/œ/g, 'oe').replace(/æ/g, 'ae').replace(/ß/g, 'ss'));
}

/** One word's folded readings in a view. */
export function foldWord(word: string, view: View): string[] {
  if (GREEK.test(word)) return [foldGreek(word)];
  if (ARABIC.test(word)) return [foldArabicScript(word)];
  if (CYRILLIC.test(word)) return [foldCyrillic(word)];
  if (view === 'greek' && LATIN.test(word)) return greeklishReadings(word);
  return [foldLatin(word)];
}

// ── Splitting ───────────────────────────────────────────────────────────────────────────

/** Lower case, no accents or harakat, ASCII digits, apostrophes resolved; words still raw. */
export function rawSentences(text: string): string[][] {
  const clean = asciiDigits(text.normalize('NFKC'))
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC')
    .replace(/\u200c|\u200d|\u0640/g, '')
    // Ukrainian apostrophe inside a word belongs to it (б'є); English contractions join
    // (don't → dont); French elision splits (j'ai → j ai).
    .replace(/(?<=[\u0400-\u04ff])['’ʼ`‘](?=[\u0400-\u04ff])/g, '')
    .replace(/(?<=[a-z])['’ʼ`‘](?=(t|m|s|re|ve|ll|d)\b)/g, '');
  return clean
    .split(/[.!?;\n\r؟۔…]+/u)
    .map((s) => joinFarsiPrefixes(s.split(/[^\p{L}\p{N}]+/u).filter(Boolean)))
    .filter((words) => words.length > 0);
}

/** Farsi "می خوام" written with a space (no ZWNJ) is one word: میخوام. */
function joinFarsiPrefixes(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if ((w === 'می' || w === 'نمی' || w === 'مي' || w === 'نمي') && next && ARABIC.test(next)) {
      out.push(w + next);
      i++;
    } else out.push(w);
  }
  return out;
}

/** Sentences of raw words (from `rawSentences`) folded in a view. */
export function foldSentences(raw: string[][], view: View): Sentence[] {
  return raw.map((words) => words.map((w) => foldWord(w, view)));
}

/** The message as sentences of folded words, in a view. */
export function sentences(text: string, view: View): Sentence[] {
  return foldSentences(rawSentences(text), view);
}
