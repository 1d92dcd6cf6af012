import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { inboxId, syncContent } from '../../src/db/sync-content.js';
import { migratedDatabase, providers } from '../support/db.js';

describe.each(providers())('case store on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const migrated = await migratedDatabase(provider);
    db = migrated.db;
    cleanup = migrated.cleanup;
    await syncContent(db.prisma, await loadContent(defaultContentDir()));
  });
  afterAll(async () => cleanup());

  async function newConversation(sourceId: string) {
    const inbox = inboxId('webchat', 'thira');
    const contact = await db.prisma.contact.create({ data: { centreId: 'thira', language: 'fa' } });
    const ci = await db.prisma.contactInbox.create({ data: { contactId: contact.id, inboxId: inbox, sourceId } });
    const conversation = await db.prisma.conversation.create({
      data: { inboxId: inbox, contactId: contact.id, contactInboxId: ci.id, centreId: 'thira', language: 'fa' },
    });
    return { contact, conversation, inbox };
  }

  it('stores a channel message once: a redelivery with the same source id is rejected', async () => {
    const { conversation, inbox } = await newConversation('user-1');
    const data = { conversationId: conversation.id, inboxId: inbox, type: 'incoming', senderType: 'contact', sourceId: 'tg-100', text: 'سلام' };
    await db.prisma.message.create({ data: { ...data, seq: 1 } });
    await expect(db.prisma.message.create({ data: { ...data, seq: 2 } })).rejects.toMatchObject({ code: 'P2002' });
    // The same id on another channel is another message.
    await db.prisma.message.create({ data: { ...data, seq: 2, inboxId: inboxId('terminal', 'thira') } });
    expect(await db.prisma.message.count({ where: { conversationId: conversation.id } })).toBe(2);
  });

  it('never gives one seat of a slot twice, and a cancelled seat can be booked again', async () => {
    const startsAt = new Date('2026-12-01T08:00:00Z');
    const endsAt = new Date('2026-12-01T08:30:00Z');
    const base = { centreId: 'thira', startsAt, endsAt };
    const first = await db.prisma.appointment.create({ data: { ...base, seat: 1 } });
    await expect(db.prisma.appointment.create({ data: { ...base, seat: 1 } })).rejects.toMatchObject({ code: 'P2002' });
    await db.prisma.appointment.update({ where: { id: first.id }, data: { status: 'cancelled', seat: null } });
    await db.prisma.appointment.create({ data: { ...base, seat: 1 } });
    expect(await db.prisma.appointment.count({ where: { ...base, seat: { not: null } } })).toBe(1);
  });

  it('erasing a contact removes their identities, conversations, messages, consents and cases', async () => {
    const { contact, conversation, inbox } = await newConversation('user-2');
    await db.prisma.message.create({ data: { conversationId: conversation.id, inboxId: inbox, seq: 1, type: 'incoming', senderType: 'contact', text: 'Γεια' } });
    await db.prisma.consent.create({ data: { contactId: contact.id, kind: 'privacy', noticeVersion: '1', granted: true, channel: 'webchat', language: 'el' } });
    await db.prisma.case.create({ data: { contactId: contact.id, centreId: 'thira', needs: 'food,housing' } });
    await db.prisma.contact.delete({ where: { id: contact.id } });
    expect(await db.prisma.contactInbox.count({ where: { contactId: contact.id } })).toBe(0);
    expect(await db.prisma.conversation.count({ where: { id: conversation.id } })).toBe(0);
    expect(await db.prisma.message.count({ where: { conversationId: conversation.id } })).toBe(0);
    expect(await db.prisma.consent.count({ where: { contactId: contact.id } })).toBe(0);
    expect(await db.prisma.case.count({ where: { contactId: contact.id } })).toBe(0);
  });

  it('keeps the same job once: a second enqueue with the same unique key is rejected', async () => {
    await db.prisma.job.create({ data: { kind: 'reminder', uniqueKey: 'reminder:a1:day-before' } });
    await expect(db.prisma.job.create({ data: { kind: 'reminder', uniqueKey: 'reminder:a1:day-before' } })).rejects.toMatchObject({ code: 'P2002' });
  });
});
