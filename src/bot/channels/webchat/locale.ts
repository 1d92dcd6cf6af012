import { isLanguage, RTL_LANGUAGES, type Language } from '../../core/types.js';

/**
 * A BCP 47 tag from a client ('ar-SA', 'EL', 'fa_IR') to one of kentro's dialog languages, or
 * null for a language kentro has no dialogs in (the bot then asks the citizen to pick).
 */
export function languageFromLocale(locale: string | null | undefined): Language | null {
  if (!locale) return null;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : null;
}

export function isRtl(language: string | null | undefined): boolean {
  return isLanguage(language) && RTL_LANGUAGES.has(language);
}
