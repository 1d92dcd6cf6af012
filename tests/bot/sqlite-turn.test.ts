import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCore } from '../../src/bot/core/core.js';
import { readConversation, storeTurn, type MessageInsert } from '../../src/bot/core/sqlite-turn.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { contentDatabase, type TestDatabase } from '../support/db.js';
import { shippedContent } from '../support/transcript.js';

/** The SQLite hot path (src/bot/core/sqlite-turn.ts): group commit, version guard, fallbacks. */
describe('the SQLite turn store', () => {
  let db: Db;
  let database: TestDatabase;
  let cleanup: () => Promise<void>;
  let core: ConversationCore;
  const inbox = inboxId('webchat', 'thira');
  let n = 0;
  const msg = (conversationId: string, text: string) => ({ inboxId: inbox, conversationId, activity: { type: 'message', id: `st-${++n}`, from: { id: 'citizen' }, text } }) as const;

  beforeAll(async () => {
    ({ db, database, cleanup } = await contentDatabase('sqlite'));
    core = new ConversationCore(db, await shippedContent());
  });
  afterAll(async () => cleanup());

  function message(conversationId: string, seq: number, sourceId: string | null = null): MessageInsert {
    return { id: randomUUID(), conversationId, inboxId: inbox, seq, type: 'outgoing', senderType: 'bot', sourceId, text: `m${seq}`, payload: null, language: 'en', deliveryStatus: 'stored', createdAt: new Date() };
  }

  it('writes rows Prisma reads back as its own (dates, booleans, updatedAt, version)', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'st-rows', language: 'en' });
    expect(db.sqlite).toBeDefined();
    const before = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    await core.handle(msg(conversationId, '3'));
    const after = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(after.stateVersion).toBe(before.stateVersion + 1);
    expect(after.lastSeq).toBe(before.lastSeq + 2);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());
    expect(after.language).toBe('en');
    const rows = await db.prisma.message.findMany({ where: { conversationId }, orderBy: { seq: 'asc' } });
    const incoming = rows.find((r) => r.type === 'incoming')!;
    expect(incoming.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(incoming.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(incoming.private).toBe(false);
    expect(incoming.sourceId).toBe(`st-${n}`);
    expect(readConversation(db.sqlite, conversationId)).toMatchObject({ stateVersion: after.stateVersion, lastSeq: after.lastSeq, status: 'bot' });
  });

  it('commits turns of one event-loop turn together, each all or nothing', async () => {
    const a = (await core.startConversation({ inboxId: inbox, userId: 'st-a', language: 'en' })).conversationId;
    const b = (await core.startConversation({ inboxId: inbox, userId: 'st-b', language: 'en' })).conversationId;
    const c = (await core.startConversation({ inboxId: inbox, userId: 'st-c', language: 'en' })).conversationId;
    const row = (id: string) => readConversation(db.sqlite, id)!;
    const [ra, rb, rc] = [row(a), row(b), row(c)];
    const now = new Date();
    const outcomes = await Promise.allSettled([
      storeTurn(db.sqlite, [message(a, ra.lastSeq + 1)], [], { id: a, stateVersion: ra.stateVersion, lastSeq: ra.lastSeq + 1, now }),
      // Stale: another writer moved the version.
      storeTurn(db.sqlite, [message(b, rb.lastSeq + 1)], [], { id: b, stateVersion: rb.stateVersion - 1, lastSeq: rb.lastSeq + 1, now }),
      // A sequence number already taken: unique violation.
      storeTurn(db.sqlite, [message(c, rc.lastSeq + 1), message(c, rc.lastSeq)], [], { id: c, stateVersion: rc.stateVersion, lastSeq: rc.lastSeq + 1, now }),
    ]);
    expect(outcomes[0]).toEqual({ status: 'fulfilled', value: 'stored' });
    expect(outcomes[1]).toEqual({ status: 'fulfilled', value: 'stale' });
    expect(outcomes[2]!.status).toBe('rejected');
    expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(row(a)).toMatchObject({ lastSeq: ra.lastSeq + 1, stateVersion: ra.stateVersion + 1 });
    expect(row(b)).toEqual(rb);
    expect(row(c)).toEqual(rc);
    expect(await db.prisma.message.count({ where: { conversationId: { in: [b, c] }, text: { in: [`m${rb.lastSeq + 1}`, `m${rc.lastSeq + 1}`] } } })).toBe(0);
  });

  it('leaves the write to Prisma while Prisma holds a transaction on the connection', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'st-tx', language: 'en' });
    const r = readConversation(db.sqlite, conversationId)!;
    const outcome = await db.prisma.$transaction(async (tx) => {
      await tx.conversation.findUnique({ where: { id: conversationId } });
      expect(readConversation(db.sqlite, conversationId)).toBeUndefined();
      return storeTurn(db.sqlite, [message(conversationId, r.lastSeq + 1)], [], { id: conversationId, stateVersion: r.stateVersion, lastSeq: r.lastSeq + 1, now: new Date() });
    });
    expect(outcome).toBeUndefined();
    expect(readConversation(db.sqlite, conversationId)).toEqual(r);
    expect((await core.handle(msg(conversationId, 'menu'))).status).toBe('processed');
  });

  it('two processes writing one conversation: every message stored once, in order, no lost update', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'st-two', language: 'en' });
    const otherDb = await database.open();
    try {
      const other = new ConversationCore(otherDb, await shippedContent());
      const texts = ['3', 'menu', '3', 'menu', '3', 'menu', '3', 'menu'];
      await Promise.all(texts.map((text, i) => (i % 2 === 0 ? core : other).handle(msg(conversationId, text))));
      const transcript = await core.transcript(conversationId);
      expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
      expect(transcript.filter((m) => m.senderType === 'contact')).toHaveLength(texts.length);
      const row = readConversation(db.sqlite, conversationId)!;
      expect(row.lastSeq).toBe(transcript.length);
    } finally {
      await otherDb.close();
    }
  });
});
