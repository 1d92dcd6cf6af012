/**
 * Understanding short answers the same way in every language: digits in any script, yes/no,
 * and the commands that work at every step (back, cancel, menu, language).
 */

/** Arabic-Indic (٠-٩) and Persian (۰-۹) digits to ASCII. */
export function asciiDigits(text: string): string {
  return text
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
}

/**
 * Folds text for comparison: lower case, no accents (Greek tonos too), final sigma, Arabic and
 * Farsi letter variants, no tatweel or zero-width joiners, digits in ASCII, no punctuation.
 */
export function fold(text: string): string {
  return asciiDigits(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/[يى]/g, 'ی')
    .replace(/ك/g, 'ک')
    .replace(/[أإآ]/g, 'ا')
    .replace(/\u0640|\u200c|\u200d|[\u064b-\u065f]/g, '')
    .replace(/[’ʼ`]/g, "'")
    .replace(/[.,;:!?¿¡·;،؟«»"()[\]{}]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A whole-number answer ("3", "٣", "۳", " 3. "), or null. */
export function parseNumber(text: string): number | null {
  const m = /^\s*(\d{1,6})\s*[.)]?\s*$/.exec(asciiDigits(text));
  return m ? Number(m[1]) : null;
}

// Words are folded (see fold) before lookup, so accents and case do not matter.
const YES = ['yes', 'y', 'yeah', 'ok', 'okay', 'ναι', 'ne', 'nai', 'ενταξει', 'entaksei', 'ok', 'نعم', 'اي', 'ايوه', 'بله', 'اره', 'آره', 'باشه', 'так', 'да', 'ага', 'oui', 'ouais', "d'accord", 'si'];
const NO = ['no', 'n', 'nope', 'οχι', 'ohi', 'oxi', 'ochi', 'لا', 'كلا', 'نه', 'خیر', 'ні', 'нет', 'non'];

const YES_SET = new Set(YES.map(fold));
const NO_SET = new Set(NO.map(fold));

/** true for yes, false for no, null when the answer is neither, in any of our languages. */
export function parseYesNo(text: string): boolean | null {
  const f = fold(text);
  if (YES_SET.has(f)) return true;
  if (NO_SET.has(f)) return false;
  return null;
}

export type Command = 'back' | 'cancel' | 'menu' | 'language' | 'restart';

const COMMAND_WORDS: Record<Command, string[]> = {
  back: ['back', 'go back', 'previous', 'πισω', 'piso', 'pisw', 'επιστροφη', 'رجوع', 'ارجع', 'السابق', 'برگشت', 'قبلی', 'بازگشت', 'назад', 'retour', 'precedent'],
  cancel: ['cancel', 'stop', 'ακυρο', 'ακυρωση', 'akyro', 'akiro', 'σταματα', 'الغاء', 'إلغاء', 'توقف', 'لغو', 'انصراف', 'скасувати', 'стоп', 'annuler', 'arreter', 'arrête'],
  menu: ['menu', 'main menu', 'μενου', 'menou', 'αρχικο μενου', 'القائمة', 'قائمة', 'منو', 'فهرست', 'меню', 'menu principal'],
  language: ['language', 'lang', 'γλωσσα', 'glossa', 'glwssa', 'اللغة', 'لغة', 'زبان', 'мова', 'язык', 'langue'],
  restart: ['/start', 'start', 'restart', 'αρχη', 'ξεκινα', 'ابدأ', 'شروع', 'почати', 'recommencer'],
};

const COMMANDS = new Map<string, Command>();
for (const [command, words] of Object.entries(COMMAND_WORDS) as [Command, string[]][]) {
  for (const w of words) COMMANDS.set(fold(w), command);
}

/** A command typed as a word, or pressed as a `cmd:<name>` button. */
export function parseCommand(text: string): Command | null {
  const value = text.trim();
  if (value.startsWith('cmd:')) {
    const c = value.slice(4) as Command;
    return c in COMMAND_WORDS ? c : null;
  }
  return COMMANDS.get(fold(value)) ?? null;
}
