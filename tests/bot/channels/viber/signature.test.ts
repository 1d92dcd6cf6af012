import { describe, expect, it } from 'vitest';
import { parseViberJson } from '../../../../src/bot/channels/viber/json.js';
import { sign, verifySignature } from '../../../../src/bot/channels/viber/signature.js';
import { viberKeyboard } from '../../../../src/bot/channels/viber/keyboard.js';

describe('Viber callbacks as kentro reads them', () => {
  it('accepts exactly the HMAC-SHA256 of the raw body with the auth token', () => {
    const body = Buffer.from('{"event":"webhook","timestamp":1}');
    const good = sign(body, 'token');
    expect(verifySignature(body, good, 'token')).toBe(true);
    expect(verifySignature(body, good.toUpperCase(), 'token')).toBe(true);
    expect(verifySignature(body, good, 'other')).toBe(false);
    expect(verifySignature(Buffer.from(body.toString() + ' '), good, 'token')).toBe(false);
    expect(verifySignature(body, good.slice(0, 63), 'token')).toBe(false);
    expect(verifySignature(body, undefined, 'token')).toBe(false);
    expect(verifySignature(body, [good, good], 'token')).toBe(false);
  });

  it('keeps 64-bit message tokens exact, and leaves text that only looks like one alone', () => {
    const parsed = parseViberJson('{"message_token":5741311803571721087,"message":{"text":"\\"message_token\\":1"}}') as { message_token: string; message: { text: string } };
    expect(parsed.message_token).toBe('5741311803571721087');
    expect(parsed.message.text).toBe('"message_token":1');
  });

  it('escapes button labels, which Viber reads as markup', () => {
    expect(viberKeyboard([{ title: 'A & <b>B</b>', value: 'x' }]).Buttons[0]).toMatchObject({ Text: 'A &amp; &lt;b&gt;B&lt;/b&gt;', ActionBody: 'A & <b>B</b>' });
  });
});
