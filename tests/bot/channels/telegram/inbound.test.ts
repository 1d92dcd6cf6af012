import { describe, expect, it } from 'vitest';
import { languageFromCode, parseStart } from '../../../../src/bot/channels/telegram/inbound.js';
import { inlineKeyboard } from '../../../../src/bot/channels/telegram/keyboard.js';

describe('Telegram updates as kentro reads them', () => {
  const centres = new Set(['thira', 'nikaia-rentis']);

  it('reads /start deep links: a known centre is chosen, anything else is a plain start', () => {
    expect(parseStart('/start thira', centres)).toEqual({ centreId: 'thira' });
    expect(parseStart('/start nikaia-rentis', centres)).toEqual({ centreId: 'nikaia-rentis' });
    expect(parseStart('/start@kentro_bot THIRA', centres)).toEqual({ centreId: 'thira' });
    expect(parseStart('/start', centres)).toEqual({});
    expect(parseStart('/start athens', centres)).toEqual({});
    expect(parseStart('/started', centres)).toBeNull();
    expect(parseStart('please /start thira', centres)).toBeNull();
  });

  it("maps the phone's language to one of the six, or to nothing", () => {
    expect(languageFromCode('el')).toBe('el');
    expect(languageFromCode('fa-IR')).toBe('fa');
    expect(languageFromCode('uk_UA')).toBe('uk');
    expect(languageFromCode('ru')).toBeUndefined();
    expect(languageFromCode(undefined)).toBeUndefined();
  });

  it('lays short buttons out two per row and long ones one per row', () => {
    const short = ['Ελληνικά', 'English', 'العربية', 'فارسی'].map((t) => ({ title: t, value: t }));
    expect(inlineKeyboard(short).inline_keyboard.map((r) => r.length)).toEqual([2, 2]);
    const long = [{ title: 'Επιδόματα και προγράμματα', value: 'a' }, ...short];
    expect(inlineKeyboard(long).inline_keyboard.map((r) => r.length)).toEqual([1, 1, 1, 1, 1]);
  });
});
