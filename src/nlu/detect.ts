import type { Language } from '../bot/core/types.js';

/** What the text looks like: a supported language, or Greek written in Latin letters. */
export type Detected = { language: Language; greeklish: boolean; confident: boolean };

/*
 * Arabic vs Farsi: evidence for each is counted and compared. Words both languages use
 * ("من", "ما", "ممکن", "کمک"…) are in neither list. A Farsi keyboard types ی and ک, an Arabic
 * one ي and ك, so those letters count too (weakly: people type on whatever keyboard they have).
 */
const FARSI_LETTERS = /[پچژگ]/g;
const FARSI_WORDS = new Set(['می', 'است', 'را', 'این', 'اون', 'آن', 'که', 'برای', 'چطور', 'چه', 'چی', 'کجا', 'کی', 'نه', 'بله', 'آره', 'خیلی', 'دارم', 'داریم', 'ندارم', 'هست', 'نیست', 'هستم', 'میخوام', 'میخواهم', 'میشه', 'میتونم', 'شما', 'از', 'با', 'تا', 'یه', 'یک', 'هم', 'بود', 'کنم', 'کنید', 'کنیم', 'بکنم', 'باید', 'چرا', 'ولی', 'اگر', 'اگه', 'الان', 'خودم', 'بچه', 'بچه‌ها', 'سلام', 'مرسی', 'ممنون', 'خداحافظ', 'خانه', 'خونه', 'پول', 'کار', 'وقت', 'بگیرم', 'کمک', 'لطفا', 'لطفاً', 'شوهرم', 'همسرم', 'زن', 'دولت', 'به', 'در', 'رو', 'زبان', 'ممنونم', 'خوش', 'درود', 'بخیر', 'شماره', 'بازه', 'کجاست', 'چیه', 'کنه', 'میکنم', 'ندارم']);
const ARABIC_WORDS = new Set(['في', 'على', 'الى', 'إلى', 'عن', 'مع', 'هل', 'ماذا', 'كيف', 'كيفية', 'متى', 'لماذا', 'اريد', 'أريد', 'ابغى', 'ابي', 'عندي', 'عندنا', 'ليس', 'لو', 'بدي', 'بدنا', 'شو', 'وين', 'ليش', 'هيك', 'مش', 'مو', 'عم', 'انا', 'أنا', 'نحن', 'هذا', 'هذه', 'هاد', 'هادا', 'ذلك', 'التي', 'الذي', 'لا', 'نعم', 'اي', 'أي', 'يا', 'عايز', 'عاوز', 'ازاي', 'إزاي', 'فين', 'ايش', 'إيش', 'وش', 'شكرا', 'شكراً', 'مرحبا', 'اهلا', 'أهلا', 'السلام', 'زوجي', 'زوجتي', 'اطفالي', 'أطفالي', 'ساعدني', 'ساعدوني', 'الله', 'قد', 'كان', 'يمكن', 'يمكنني', 'أستطيع', 'استطيع', 'لدي']);
const FARSI_KEYBOARD = /[یک]/g;
const ARABIC_KEYBOARD = /[يكةى]/g;

function arabicOrFarsi(text: string, fallback: Language): Detected {
  const words = text.replace(/[\u064b-\u065f\u0670\u0640]/g, '').split(/[\s.,;:!?؟،«»()"']+/).filter(Boolean);
  let fa = 2 * count(text, FARSI_LETTERS) + Math.min(2, count(text, FARSI_KEYBOARD));
  let ar = Math.min(2, count(text, ARABIC_KEYBOARD));
  for (const w of words) {
    const bare = w.replace(/\u200c/g, '');
    if (FARSI_WORDS.has(w) || FARSI_WORDS.has(bare) || /^(?:ن?می)\u200c?[\u0600-\u06ff]{2,}(?:م|ی|ه|یم|ید|ند)$/.test(w) && !/[يك]/.test(w)) fa += 2;
    // The Arabic article "ال" (not in Farsi's common words, which have no article).
    if (ARABIC_WORDS.has(w) || /^(?:[وبفلك]?ال)[\u0600-\u06ff]{2,}$/.test(w)) ar += 2;
  }
  if (fa > ar) return { language: 'fa', greeklish: false, confident: true };
  if (ar > fa) return { language: 'ar', greeklish: false, confident: true };
  return { language: fallback === 'fa' ? 'fa' : 'ar', greeklish: false, confident: false };
}

// Frequent words in citizens' messages, by language (Latin script).
const LATIN_WORDS: Record<'en' | 'fr' | 'greeklish', string[]> = {
  en: ['i', 'the', 'is', 'my', 'me', 'to', 'and', 'need', 'how', 'what', 'you', 'please', 'help', 'want', 'can', 'do', 'where', 'when', 'have', 'for', 'a', 'of', 'in', 'it', 'hello', 'hi', 'thanks', 'thank', 'no', 'yes', 'open', 'money', 'appointment', 'benefit', 'am', 'are', 'not', 'with', 'get', 'pls', 'plz', 'u', 'im', "i'm", 'this', 'that', 'from', 'there', 'time', 'about', 'apply', 'papers', 'documents', 'child', 'children', 'house', 'rent', 'food', 'work', 'job', 'doctor'],
  fr: ['je', 'le', 'la', 'les', 'des', 'pour', 'est', 'vous', 'suis', 'une', 'un', 'avec', 'mon', 'ma', 'mes', 'pas', "j'ai", "c'est", 'bonjour', 'merci', 'rendez-vous', 'rendez', 'comment', 'quand', 'où', 'ou', 'et', 'de', 'du', 'au', 'aux', 'veux', 'voudrais', 'besoin', 'aide', 'allocation', 'papiers', 'enfants', 'enfant', 'loyer', 'travail', 'ne', 'que', 'qui', 'quoi', 'svp', 'oui', 'non', 'il', 'elle', 'nous', 'sur', 'dans', 'peux', 'puis', 'ai', 'avoir', 'faire', 'salut'],
  greeklish: ['kalimera', 'kalispera', 'geia', 'gia', 'yia', 'thelo', 'thelw', '8elo', '8elw', 'exo', 'exw', 'eho', 'ehw', 'na', 'to', 'ta', 'tin', 'ton', 'einai', 'ine', 'pou', 'pu', 'ti', 'den', 'kai', 'ke', 'mou', 'mu', 'sas', 'pote', 'pos', 'pws', 'epidoma', 'rantevou', 'rantevu', 'xartia', 'xreiazomai', 'xriazome', 'boithia', 'voitheia', 'voithia', 'efxaristo', 'eyxaristw', 'efharisto', 'nai', 'oxi', 'ohi', 'mporo', 'mporw', 'paidia', 'paidi', 'spiti', 'enoikio', 'douleia', 'doulia', 'giatro', 'wres', 'ores', 'anoigete', 'kleinete', 'thelo', 'exete', 'kanw', 'kano', 'yparxei', 'iparxi', 'mia', 'ena', 'enas', 'apo', 'me', 'se', 'stin', 'sto', 'gyneka', 'gynaika', 'kea', 'amka', 'afm', 'opeka'],
};
const LATIN_SETS = Object.fromEntries(Object.entries(LATIN_WORDS).map(([k, v]) => [k, new Set(v)])) as Record<keyof typeof LATIN_WORDS, Set<string>>;

function count(text: string, re: RegExp): number {
  return (text.match(re) ?? []).length;
}

/**
 * Script first (Greek, Arabic, Cyrillic, Latin), then a guess restricted to our languages:
 * Arabic vs Farsi by letters and common words; English, French or Greeklish by frequent words.
 * `fallback` (the conversation's language) wins when the guess is not confident.
 */
export function detectLanguage(text: string, fallback: Language = 'el'): Detected {
  const greek = count(text, /[\u0370-\u03ff\u1f00-\u1fff]/g);
  const arabic = count(text, /[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]/g);
  const cyrillic = count(text, /[\u0400-\u04ff]/g);
  const latin = count(text, /[a-zA-Z\u00c0-\u024f]/g);
  const max = Math.max(greek, arabic, cyrillic, latin);
  if (max === 0) return { language: fallback, greeklish: false, confident: false };
  if (max === greek) return { language: 'el', greeklish: false, confident: true };
  if (max === cyrillic) return { language: 'uk', greeklish: false, confident: true };
  if (max === arabic) return arabicOrFarsi(text, fallback);
  const words = text.toLowerCase().split(/[^a-zà-ÿ0-9'-]+/).filter(Boolean);
  const scores = { en: 0, fr: 0, greeklish: 0 };
  for (const w of words) for (const k of ['en', 'fr', 'greeklish'] as const) if (LATIN_SETS[k].has(w)) scores[k]++;
  if (/[àâçéèêëîïôûùüÿœ]/i.test(text)) scores.fr += 2;
  // Greeklish spellings: digraphs and letters that English and French rarely use together.
  scores.greeklish += count(text.toLowerCase(), /\b\w*(?:ou|th|ei|oi|ai|mp|nt|gk|ks|ps|x|w)\w*\b/g) > words.length / 2 && scores.en === 0 ? 1 : 0;
  const ranked = (Object.entries(scores) as [keyof typeof scores, number][]).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (best![1] === 0 || best![1] === second![1]) {
    const sticky = fallback === 'fr' || fallback === 'en' ? fallback : fallback === 'el' ? 'greeklish' : 'en';
    return sticky === 'greeklish' ? { language: 'el', greeklish: true, confident: false } : { language: sticky, greeklish: false, confident: false };
  }
  return best![0] === 'greeklish' ? { language: 'el', greeklish: true, confident: true } : { language: best![0], greeklish: false, confident: true };
}
