import { describe, expect, it } from 'vitest';
import { cannedFor, listOf, mergeMessage, readCanned, readDetail, readEvent, readMessage, readStaff, readSummary, sortQueue, suggestsCanned, textDirection, type ConversationSummary } from '../../src/web/inbox/model.js';

// Shapes as src/staff-api/README.md documents them.
const summary = {
  id: 'c1',
  status: 'pending',
  urgent: false,
  channel: 'webchat',
  language: 'ar',
  contact: { id: 'k1', name: null },
  assignee: null,
  pendingSince: '2026-03-02T08:00:00.000Z',
  lastActivityAt: '2026-03-02T08:05:00.000Z',
  lastMessage: { text: 'أريد التحدث مع شخص', senderType: 'contact', type: 'incoming', createdAt: '2026-03-02T08:05:00.000Z' },
  unread: 2,
};

function conversation(id: string, urgent: boolean, pendingSince: string): ConversationSummary {
  return { ...readSummary({ ...summary, id, urgent, pendingSince, lastActivityAt: pendingSince })! };
}

describe('the inbox reads the staff API defensively', () => {
  it('reads a queue entry: language, channel, the last message, unread count', () => {
    const c = readSummary(summary)!;
    expect(c).toMatchObject({ id: 'c1', status: 'pending', language: 'ar', channel: 'webchat', contactName: null, preview: 'أريد التحدث مع شخص', unread: 2, assigneeId: null });
    expect(listOf({ conversations: [summary], counts: { pending: 1 } }, 'conversations')).toHaveLength(1);
    expect(readSummary({ status: 'open' })).toBeNull();
    expect(readSummary('<script>')).toBeNull();
  });

  it('reads a conversation with its transcript, intake and appointments, in message order', () => {
    const detail = readDetail(
      {
        ...summary,
        status: 'open',
        assignee: { id: 's1', name: 'Μαρία' },
        messages: [
          { id: 'm2', seq: 2, type: 'outgoing', private: false, senderType: 'staff', staff: { id: 's1', name: 'Μαρία' }, text: 'مرحبا', language: 'ar', original: { language: 'el', text: 'Γεια σας' }, cannedResponseId: 'cr1', buttons: [], attachments: [], deliveryStatus: 'sent', createdAt: '2026-03-02T08:06:00.000Z' },
          { id: 'm1', seq: 1, type: 'incoming', private: false, senderType: 'contact', staff: null, text: 'شخص', language: 'ar', original: null, cannedResponseId: null, buttons: [], attachments: [{ kind: 'photo' }], deliveryStatus: 'none', createdAt: '2026-03-02T08:05:00.000Z' },
          { id: 'm3', seq: 3, type: 'note', private: true, senderType: 'staff', staff: { id: 's1', name: 'Μαρία' }, text: 'θα καλέσω αύριο', language: null, buttons: [], attachments: [], deliveryStatus: 'none', createdAt: '2026-03-02T08:07:00.000Z' },
        ],
        cases: [{ id: 'case1', status: 'new', needs: ['housing', 'food'], intake: { v: 1, answers: { name: 'Amina', phone: null, adults: 2, children: 3, needs: ['housing', 'food'], vulnerable: [], interpreter: 'ar' }, language: 'ar', channel: 'webchat', updatedAt: '2026-03-02T08:00:00.000Z' } }],
        referrals: [{ id: 'r1', serviceKey: 'food-bank', serviceName: 'Κοινωνικό Παντοπωλείο', status: 'sent', note: null, createdAt: '2026-03-02T08:10:00.000Z', updatedAt: '2026-03-02T08:10:00.000Z' }],
        appointments: [{ id: 'a1', startsAt: '2026-03-03T08:00:00.000Z', endsAt: '2026-03-03T08:30:00.000Z', status: 'booked', location: 'centre', reason: null }],
      },
    )!;
    expect(detail.conversation.assigneeName).toBe('Μαρία');
    expect(detail.messages.map((m) => [m.seq, m.kind])).toEqual([
      [1, 'incoming'],
      [2, 'outgoing'],
      [3, 'note'],
    ]);
    expect(detail.messages[0]!.hasAttachment).toBe(true);
    expect(detail.messages[1]).toMatchObject({ staffName: 'Μαρία', original: 'Γεια σας', text: 'مرحبا' });
    expect(detail.messages[2]!.private).toBe(true);
    // Skipped answers (null) and empty lists are left out.
    expect(detail.intake).toEqual([
      ['name', 'Amina'],
      ['adults', 2],
      ['children', 3],
      ['needs', ['housing', 'food']],
      ['interpreter', 'ar'],
    ]);
    expect(detail.needs).toEqual(['housing', 'food']);
    expect(detail.appointments).toHaveLength(1);
    expect(detail.referrals).toEqual([{ id: 'r1', serviceName: 'Κοινωνικό Παντοπωλείο', status: 'sent', note: null, createdAt: '2026-03-02T08:10:00.000Z' }]);
  });

  it('a conversation without intake or appointments shows none', () => {
    const detail = readDetail({ ...summary, messages: [], cases: [], appointments: [] })!;
    expect(detail.intake).toBeNull();
    expect(detail.appointments).toEqual([]);
  });

  it('reads the logged-in staff member', () => {
    expect(readStaff({ id: 's1', email: 'm@x.gr', name: 'Μαρία', role: 'admin', centreId: 'thira', centreName: 'Κέντρο Κοινότητας Θήρας' })).toMatchObject({ name: 'Μαρία', centreName: 'Κέντρο Κοινότητας Θήρας' });
    expect(readStaff({ token: 'x', staff: { id: 's2', name: 'Νίκος' } })?.id).toBe('s2');
    expect(readStaff(null)).toBeNull();
  });
});

describe('queues', () => {
  it('puts urgent conversations first, then the longest waiting', () => {
    const a = conversation('a', false, '2026-03-02T08:00:00Z');
    const b = conversation('b', true, '2026-03-02T09:00:00Z');
    const c = conversation('c', false, '2026-03-02T07:00:00Z');
    expect(sortQueue('pending', [a, b, c]).map((x) => x.id)).toEqual(['b', 'c', 'a']);
    expect(sortQueue('open', [a, b, c]).map((x) => x.id)).toEqual(['b', 'a', 'c']);
  });
});

describe('replying in the citizen’s language', () => {
  const canned = readCanned({ id: 'cr1', shortCode: 'docs', global: true, texts: { el: 'Φέρτε ταυτότητα', en: 'Bring your ID', ar: 'أحضر هويتك' } })!;

  it('shows the citizen’s translation, or says the Greek text goes out', () => {
    expect(cannedFor(canned, 'ar')).toEqual({ text: 'أحضر هويتك', translated: true });
    expect(cannedFor(canned, 'fa')).toEqual({ text: 'Φέρτε ταυτότητα', translated: false });
    expect(cannedFor(canned, 'el').translated).toBe(true);
  });

  it('suggests canned responses for free text to a citizen who does not read Greek', () => {
    expect(suggestsCanned('ar', 'Καλημέρα', false, false)).toBe(true);
    expect(suggestsCanned('ar', 'Καλημέρα', true, false)).toBe(false);
    expect(suggestsCanned('ar', 'σημείωση', false, true)).toBe(false);
    expect(suggestsCanned('el', 'Καλημέρα', false, false)).toBe(false);
    expect(suggestsCanned('ar', '   ', false, false)).toBe(false);
  });

  it('lays Arabic and Farsi out right to left', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('fa')).toBe('rtl');
    expect(textDirection('uk')).toBe('auto');
    expect(textDirection(null)).toBe('auto');
  });
});

describe('live events', () => {
  it('reads the documented events', () => {
    const message = { id: 'm', seq: 4, type: 'incoming', senderType: 'contact', text: 'سلام' };
    expect(readEvent('message.created', JSON.stringify({ conversationId: 'c1', message }))).toEqual({ type: 'message.created', conversationId: 'c1', incoming: true, urgent: false, message });
    expect(readEvent('conversation.status', JSON.stringify({ conversationId: 'c1', from: 'bot', to: 'pending', urgent: true })).urgent).toBe(true);
    // Claiming an urgent conversation is no new alarm.
    expect(readEvent('conversation.status', JSON.stringify({ conversationId: 'c1', from: 'pending', to: 'open', urgent: true })).urgent).toBe(false);
    expect(readEvent('ready', 'not json')).toEqual({ type: 'ready', conversationId: null, incoming: false, urgent: false, message: null });
  });

  it('a live message joins the transcript once, in order', () => {
    const [first, second] = [readMessage({ id: 'a', seq: 1, type: 'incoming', text: 'x' }, 0)!, readMessage({ id: 'b', seq: 2, type: 'outgoing', text: 'y' }, 0)!];
    expect(mergeMessage([second], first).map((m) => m.id)).toEqual(['a', 'b']);
    expect(mergeMessage([first, second], { ...second, deliveryStatus: 'sent' })).toHaveLength(2);
  });
});
