import { describe, expect, it } from 'vitest';
import { translator } from '../../src/web/inbox/i18n.js';
import { formatWhen, intakeValue, languageName } from '../../src/web/inbox/format.js';

const t = translator('el');

describe('what staff read', () => {
  it('pre-intake answers in Greek words', () => {
    expect(intakeValue(t, 'needs', ['housing', 'food'])).toBe('Στέγαση, Τρόφιμα');
    expect(intakeValue(t, 'vulnerable', ['single_parent'])).toBe('Μονογονεϊκή οικογένεια');
    expect(intakeValue(t, 'interpreter', 'fa')).toBe('Φαρσί');
    expect(intakeValue(t, 'interpreter', false)).toBe('Όχι');
    expect(intakeValue(t, 'area', 'Φηρά')).toBe('Φηρά');
    expect(intakeValue(t, 'adults', 2)).toBe('2');
  });

  it('languages by name, unknown ones as given', () => {
    expect(languageName(t, 'ar')).toBe('Αραβικά');
    expect(languageName(t, 'de')).toBe('de');
    expect(languageName(t, null)).toBe('άγνωστη');
  });

  it('times in Athens, 24-hour, with the date when not today', () => {
    const now = new Date('2026-07-01T10:00:00Z');
    expect(formatWhen('2026-07-01T06:05:00Z', now)).toBe('09:05');
    expect(formatWhen('2026-06-30T21:30:00Z', now)).toBe('00:30'); // already 1 July in Athens
    expect(formatWhen('2026-06-29T10:00:00Z', now)).toMatch(/29\/06\/2026.*13:00/);
    expect(formatWhen('not a date', now)).toBe('');
  });
});
