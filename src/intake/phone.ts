import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { asciiDigits } from '../dialogs/engine/input.js';

/**
 * A phone number as citizens type it — Greek (6912345678, 210 1234567), with +30 or 0030, or
 * foreign with its country code (+44…, 0044…) — as E.164 (+306912345678), or null when it is
 * not a valid number. Arabic-Indic and Persian digits are read too.
 */
export function parsePhone(input: string): string | null {
  const text = asciiDigits(input).replace(/[\s().\-/]/g, '');
  if (!/^\+?\d{5,20}$/.test(text)) return null;
  const number = parsePhoneNumberFromString(text, 'GR');
  return number?.isValid() ? number.number : null;
}

/** E.164 in the readable international form (+30 691 234 5678). */
export function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}
