import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, parseNotification } from '../../src/realtime/notification.js';

describe('the notification replicas send each other', () => {
  it('reads what a replica sends: a range of messages, a status change, an inbox event, the bot typing', () => {
    expect(parseNotification(JSON.stringify({ o: 'r1', k: 'messages', c: 'conv', from: 3, to: 5 }))).toEqual({ o: 'r1', k: 'messages', c: 'conv', from: 3, to: 5 });
    const change = { conversationId: 'conv', centreId: 'thira', transition: 'claim', from: 'pending', to: 'open', urgent: false, assigneeId: 's1', actor: { type: 'staff', id: 's1' } };
    expect(parseNotification(JSON.stringify({ o: 'r1', k: 'status', change }))).toEqual({ o: 'r1', k: 'status', change });
    const event = { kind: 'note.created', conversationId: 'conv', centreId: 'thira', messageId: 'm1' };
    expect(parseNotification(JSON.stringify({ o: 'r1', k: 'event', event }))).toEqual({ o: 'r1', k: 'event', event });
    expect(parseNotification(JSON.stringify({ o: 'r1', k: 'typing', c: 'conv' }))).toEqual({ o: 'r1', k: 'typing', c: 'conv' });
  });

  it('ignores anything else on the channel (a NOTIFY typed in psql, another version)', () => {
    for (const payload of [undefined, '', 'hello', '{"o":"r1"}', JSON.stringify({ o: 'r1', k: 'messages', c: 'conv', from: 'x', to: 2 }), JSON.stringify({ o: 'r1', k: 'status', change: { to: 'gone' } })]) {
      expect(parseNotification(payload)).toBeNull();
    }
  });

  it('stays far below PostgreSQL’s payload limit: ids only, never text', () => {
    const uuid = '0b6f1c1e-8f4a-4c8e-9a43-2d6f1f0c9b11';
    const change = { conversationId: uuid, centreId: 'nikaia-rentis', transition: 'claim', from: 'pending', to: 'open', urgent: true, assigneeId: uuid, actor: { type: 'staff', id: uuid } };
    expect(Buffer.byteLength(JSON.stringify({ o: uuid, k: 'status', change }))).toBeLessThan(MAX_PAYLOAD_BYTES / 10);
  });
});
