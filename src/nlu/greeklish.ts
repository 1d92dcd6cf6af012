import { normalizeGreek } from './normalize.js';

/**
 * Greeklish (Greek in Latin letters) to Greek, then folded like Greek text. Greeklish has no
 * standard spelling, so the map takes the common readings (th/8→θ, ch/x/h→χ, ps→ψ, ks/3→ξ,
 * w→ω, u→ου; h→η between consonants, au/eu→αυ/ευ); normalizeGreek then folds vowels so most
 * variants meet.
 */
const DIGRAPHS: [RegExp, string][] = [
  // "thn", "ths" are την, της (h for η), not θν.
  [/\bth(?=[nsm]\b)/g, 'τη'],
  [/th|(?<=[a-z])8|8(?=[a-z])/g, 'θ'],
  [/ph/g, 'φ'],
  [/ch|kh/g, 'χ'],
  [/ps/g, 'ψ'],
  [/ks|(?<=[a-z])3|3(?=[a-z])/g, 'ξ'],
  [/ou|oy/g, 'ου'],
  [/a[uy](?![aeiouy])/g, 'αυ'],
  [/e[uy](?![aeiouy])/g, 'ευ'],
  // h for η: alone ("h mitera"), or between consonants / after one at the end ("kalhmera", "mikh").
  [/\bh\b|(?<=[bcdfgjklmnpqrstvwxz])h(?=[bcdfgjklmnpqrstvwxz]|\b)/g, 'η'],
  [/mp|b/g, 'μπ'],
  [/nt/g, 'ντ'],
  [/gk|gg/g, 'γκ'],
];

const LETTERS: Record<string, string> = {
  a: 'α', v: 'β', g: 'γ', d: 'δ', e: 'ε', z: 'ζ', h: 'χ', i: 'ι', k: 'κ', l: 'λ', m: 'μ', n: 'ν', x: 'χ',
  o: 'ο', p: 'π', r: 'ρ', s: 'σ', t: 'τ', y: 'υ', f: 'φ', w: 'ω', u: 'ου', c: 'κ', j: 'τζ', q: 'κ',
};

export function greeklishToGreek(text: string): string {
  let out = text.toLowerCase();
  for (const [pattern, greek] of DIGRAPHS) out = out.replace(pattern, greek);
  out = out.replace(/[a-z]/g, (c) => LETTERS[c] ?? c);
  return normalizeGreek(out);
}
