import { describe, expect, it } from 'vitest';
import { activitySet, toActivity, watermarkSchema } from '../../../../src/bot/channels/webchat/activities.js';
import { languageFromLocale } from '../../../../src/bot/channels/webchat/locale.js';
import type { TranscriptMessage } from '../../../../src/bot/core/types.js';

function message(over: Partial<TranscriptMessage>): TranscriptMessage {
  return {
    id: 'm',
    conversationId: 'c1',
    seq: 1,
    type: 'outgoing',
    senderType: 'bot',
    text: 'Διαλέξτε:',
    buttons: [],
    attachments: [],
    sourceId: null,
    clientActivityId: null,
    language: 'el',
    createdAt: new Date('2026-03-02T09:00:00Z'),
    ...over,
  };
}

describe('web chat activities', () => {
  it('a bot reply: id conversation|seq, from kentro, its locale, buttons as actions showing the title and sending the value', () => {
    const a = toActivity(message({ seq: 3, language: 'ar', buttons: [{ title: 'العربية', value: 'lang:ar' }] }), 'dl_u');
    expect(a).toMatchObject({ type: 'message', id: 'c1|3', from: { id: 'kentro', role: 'bot' }, locale: 'ar', textFormat: 'plain', timestamp: '2026-03-02T09:00:00.000Z' });
    expect(a.suggestedActions).toEqual({ actions: [{ type: 'messageBack', title: 'العربية', text: 'العربية', displayText: 'العربية', value: 'lang:ar' }] });
  });

  it('the citizen’s own message comes back with its clientActivityID, as the citizen, as plain text', () => {
    const a = toActivity(message({ type: 'incoming', senderType: 'contact', text: '<b>hi</b>', clientActivityId: 'abc' }), 'dl_u');
    expect(a).toMatchObject({ from: { id: 'dl_u', role: 'user' }, channelData: { clientActivityID: 'abc' }, text: '<b>hi</b>', textFormat: 'plain' });
    expect(a.suggestedActions).toBeUndefined();
  });

  it('only Bot Framework-shaped attachments reach the client', () => {
    const a = toActivity(message({ attachments: [{ contentType: 'application/pdf', contentUrl: 'https://x/a.pdf', name: 'a.pdf' }, { junk: true }] }), 'dl_u');
    expect(a.attachments).toEqual([{ contentType: 'application/pdf', contentUrl: 'https://x/a.pdf', name: 'a.pdf' }]);
  });

  it('an activity set starts with the conversationUpdate only for a client that has seen nothing', () => {
    const msgs = [message({ seq: 1 }), message({ seq: 2 })];
    const fresh = activitySet('c1', 'dl_u', msgs, null);
    expect(fresh.activities.map((a) => a.type)).toEqual(['conversationUpdate', 'message', 'message']);
    expect(fresh.watermark).toBe('2');
    expect(activitySet('c1', 'dl_u', [], 5)).toEqual({ activities: [], watermark: '5' });
    expect(activitySet('c1', 'dl_u', [], 0).activities).toEqual([]);
  });

  it('watermarks: absent or empty means nothing seen; digits only', () => {
    expect(watermarkSchema.parse(undefined)).toBeNull();
    expect(watermarkSchema.parse('')).toBeNull();
    expect(watermarkSchema.parse('12')).toBe(12);
    expect(watermarkSchema.safeParse('-1').success).toBe(false);
    expect(watermarkSchema.safeParse('1e3').success).toBe(false);
  });

  it('maps client locales to dialog languages', () => {
    expect(languageFromLocale('ar-SA')).toBe('ar');
    expect(languageFromLocale('fa_IR')).toBe('fa');
    expect(languageFromLocale('EL')).toBe('el');
    expect(languageFromLocale('de-DE')).toBeNull();
    expect(languageFromLocale(undefined)).toBeNull();
  });
});
