import { LANGUAGES, type Language } from '../../bot/core/types.js';
import type { Option } from '../engine/types.js';

/** Each language's name in its own script: a citizen finds theirs without reading ours. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  el: 'Ελληνικά',
  en: 'English',
  ar: 'العربية',
  fa: 'فارسی',
  uk: 'Українська',
  fr: 'Français',
};

export function languageOptions(): Option[] {
  return LANGUAGES.map((l) => ({ value: `lang:${l}`, label: LANGUAGE_NAMES[l] }));
}

export function languageOf(value: string): Language {
  return value.slice('lang:'.length) as Language;
}
