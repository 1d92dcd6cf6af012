import { asciiDigits } from '../dialogs/engine/input.js';
import type { Language } from '../bot/core/types.js';

/**
 * Text normalisation before classification, per language. The same function runs on training
 * utterances and on citizens' messages, so both meet in the same form.
 */

function stripMarks(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').normalize('NFC');
}

const PUNCTUATION = /[.,;:!?¿¡·;،؟«»"“”„()[\]{}<>…*_~|/\\+=#@^-]+/g;

/**
 * Greek: no accents or diaeresis, final sigma, and spelling folded to sound (ω→ο, η/υ/ει/οι→ι,
 * αι→ε, αυ/αφ→αβ, ευ/εφ→εβ): citizens write "θελω ραντεβου", "θέλω ραντεβού" and "θελο ραντεβοy"
 * alike, and transliterated Greeklish lands on the same forms ("efxaristw", "ευχαριστώ").
 */
export function normalizeGreek(text: string): string {
  return stripMarks(text.toLowerCase())
    .replace(/ς/g, 'σ')
    .replace(/([αε])[υφ]/g, '$1β')
    .replace(/ει|οι|η|υ/g, 'ι')
    .replace(/αι/g, 'ε')
    .replace(/ω/g, 'ο')
    .replace(/(.)\1+/g, '$1');
}

/** Arabic: no diacritics or tatweel, one alef, ى→ي, ة→ه, digits in ASCII. */
export function normalizeArabic(text: string): string {
  return asciiDigits(text)
    .replace(/\u0640/g, '')
    .replace(/[\u064b-\u065f\u0670]/g, '')
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/ى/g, 'ي')
    .replace(/ة/g, 'ه')
    .replace(/ؤ/g, 'و')
    .replace(/ئ/g, 'ي')
    .replace(/ی/g, 'ي')
    .replace(/ک/g, 'ك');
}

/** Farsi: Persian ی and ک, no ZWNJ (می‌خوام = میخوام), no diacritics, digits in ASCII. */
export function normalizeFarsi(text: string): string {
  return asciiDigits(text)
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/ة/g, 'ه')
    .replace(/[أإآ]/g, 'ا')
    .replace(/\u200c|\u200d|\u0640/g, '')
    .replace(/[\u064b-\u065f\u0670]/g, '');
}

/** Ukrainian: every apostrophe form (’ ʼ ` ') as one, lower case. */
export function normalizeUkrainian(text: string): string {
  return text.toLowerCase().replace(/[’ʼ`‘']/g, "'");
}

export function normalize(lang: Language, text: string): string {
  let out: string;
  switch (lang) {
    case 'el':
      out = normalizeGreek(asciiDigits(text));
      break;
    case 'ar':
      out = normalizeArabic(text);
      break;
    case 'fa':
      out = normalizeFarsi(text);
      break;
    case 'uk':
      out = normalizeUkrainian(text);
      break;
    default:
      out = stripMarks(text.toLowerCase());
  }
  return out.replace(lang === 'uk' ? /[.,;:!?¿¡·;،؟«»"“”„()[\]{}<>…*_~|/\\+=#@^-]+/g : PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
}
