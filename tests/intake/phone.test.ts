import { describe, expect, it } from 'vitest';
import { formatPhone, parsePhone } from '../../src/intake/phone.js';

describe('phone numbers as citizens type them', () => {
  it.each([
    ['6912345678', '+306912345678'],
    ['691 234 5678', '+306912345678'],
    ['+30 691 234 5678', '+306912345678'],
    ['0030 6912345678', '+306912345678'],
    ['00306912345678', '+306912345678'],
    ['(+30) 691-234-5678', '+306912345678'],
    ['2286037036', '+302286037036'],
    ['+44 7911 123456', '+447911123456'],
    ['0044 7911 123456', '+447911123456'],
    ['+380 50 123 4567', '+380501234567'],
    ['٦٩١٢٣٤٥٦٧٨', '+306912345678'],
    ['۶۹۱۲۳۴۵۶۷۸', '+306912345678'],
  ])('%s → %s', (typed, e164) => {
    expect(parsePhone(typed)).toBe(e164);
  });

  it.each(['12345', '+30 123', '691234567', 'my phone', '', '+44 1', '1234567890123456789'])('rejects %j', (typed) => {
    expect(parsePhone(typed)).toBeNull();
  });

  it('shows a stored number in the international form', () => {
    expect(formatPhone('+306912345678')).toBe('+30 691 234 5678');
  });
});
