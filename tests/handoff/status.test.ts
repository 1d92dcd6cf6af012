import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { syncContent } from '../../src/db/sync-content.js';
import { queuePosition } from '../../src/handoff/queue.js';
import { statusMachine, type StatusChange } from '../../src/handoff/status.js';
import { migratedDatabase, providers } from '../support/db.js';

describe.each(providers())('the conversation status machine on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let n = 0;

  beforeAll(async () => {
    ({ db, cleanup } = await migratedDatabase(provider));
    await syncContent(db.prisma, await loadContent(defaultContentDir()));
  });
  afterAll(() => cleanup());

  async function conversation(centreId = 'samos'): Promise<string> {
    const contactInbox = await db.prisma.contactInbox.create({ data: { inbox: { connect: { id: `webchat-${centreId}` } }, sourceId: `u${++n}`, contact: { create: { centreId } } } });
    const c = await db.prisma.conversation.create({ data: { inboxId: `webchat-${centreId}`, contactId: contactInbox.contactId, contactInboxId: contactInbox.id, centreId } });
    return c.id;
  }

  it('bot → pending → open → bot, each step guarded and audited; a wrong step changes nothing', async () => {
    const machine = statusMachine(db);
    const seen: StatusChange[] = [];
    const off = machine.onChange((c) => seen.push(c));
    const id = await conversation();
    const staff = await db.prisma.staff.create({ data: { email: `s${n}@x.gr`, name: 'S', role: 'worker', passwordHash: 'x', centreId: 'samos' } });
    expect(await machine.change(id, 'handback', { actor: { type: 'system' } })).toBeNull();
    expect(await machine.change(id, 'queue', { actor: { type: 'citizen', id: 'c' } })).toMatchObject({ from: 'bot', to: 'pending' });
    expect(await machine.change(id, 'queue', { actor: { type: 'citizen', id: 'c' } })).toBeNull();
    expect(await machine.change(id, 'claim', { actor: { type: 'staff', id: staff.id }, assigneeId: staff.id })).toMatchObject({ from: 'pending', to: 'open', assigneeId: staff.id });
    expect(await machine.change(id, 'claim', { actor: { type: 'staff', id: 'other' }, assigneeId: 'other', keepOthers: true })).toBeNull();
    expect(await machine.change(id, 'handback', { actor: { type: 'staff', id: staff.id } })).toMatchObject({ from: 'open', to: 'bot', assigneeId: null });
    off();
    expect(seen.map((c) => c.transition)).toEqual(['queue', 'claim', 'handback']);
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'bot', assigneeId: null, pendingSince: null });
    const audit = await db.prisma.auditLog.findMany({ where: { entityId: id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorType])).toEqual([
      ['conversation.queue', 'citizen'],
      ['conversation.claim', 'staff'],
      ['conversation.handback', 'staff'],
    ]);
  });

  it('the queue: urgent conversations first, then by the time they entered; other centres do not count', async () => {
    const machine = statusMachine(db);
    const first = await conversation('souli');
    const second = await conversation('souli');
    const urgent = await conversation('souli');
    const elsewhere = await conversation('thira');
    for (const id of [elsewhere, first, second]) {
      await machine.change(id, 'queue', { actor: { type: 'system' } });
      await new Promise((r) => setTimeout(r, 5));
    }
    await db.prisma.conversation.update({ where: { id: urgent }, data: { urgent: true } });
    await machine.change(urgent, 'queue', { actor: { type: 'system' } });
    expect(await queuePosition(db.prisma, urgent)).toBe(1);
    expect(await queuePosition(db.prisma, first)).toBe(2);
    expect(await queuePosition(db.prisma, second)).toBe(3);
    expect(await queuePosition(db.prisma, elsewhere)).toBe(1);
  });
});
