import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCore, MAX_TEXT } from '../../src/bot/core/core.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { translator } from '../../src/i18n/index.js';
import { contentDatabase, providers, type TestDatabase } from '../support/db.js';
import { shippedContent } from '../support/transcript.js';

describe.each(providers())('conversation core on %s', (provider) => {
  let db: Db;
  let database: TestDatabase;
  let cleanup: () => Promise<void>;
  let core: ConversationCore;
  const inbox = inboxId('webchat', 'thira');
  let n = 0;
  const msg = (conversationId: string, text: string, extra: Record<string, unknown> = {}) =>
    ({ inboxId: inbox, conversationId, activity: { type: 'message', id: `m-${++n}`, from: { id: 'citizen' }, text, ...extra } }) as const;

  beforeAll(async () => {
    ({ db, database, cleanup } = await contentDatabase(provider));
    core = new ConversationCore(db, await shippedContent());
  });
  afterAll(async () => cleanup());

  it('stores the whole transcript, incoming and outgoing, in order', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-transcript' });
    const outcome = await core.handle({ ...msg(conversationId, 'English', { value: 'lang:en' }) });
    expect(outcome.status).toBe('processed');
    const transcript = await core.transcript(conversationId);
    expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
    expect(transcript.map((m) => m.senderType)).toEqual(['bot', 'contact', 'bot', 'bot']);
    expect(transcript[1]!.text).toBe('English');
    expect(transcript.at(-1)!.text).toBe(translator('en')('menu:prompt'));
    expect(await core.transcript(conversationId, 2)).toHaveLength(2);
  });

  it('continues a conversation where it was after a restart (a new process reading the same database)', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-restart', language: 'uk' });
    await core.handle(msg(conversationId, '3'));
    const restartedDb = await database.open();
    try {
      const restarted = new ConversationCore(restartedDb, await shippedContent());
      const outcome = await restarted.handle(msg(conversationId, '1'));
      expect(outcome.status === 'processed' && outcome.replies[0]!.text).toContain('08:00–15:30');
    } finally {
      await restartedDb.close();
    }
  });

  it('processes two quick messages one after the other: nothing interleaves, no update is lost', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-burst', language: 'en' });
    const sent = ['3', '1', '2', 'menu', '3', '3', '4', 'back', '3', '1'];
    await Promise.all(sent.map((text) => core.handle(msg(conversationId, text))));
    const transcript = await core.transcript(conversationId);
    expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
    // Every incoming message is directly followed by its own replies.
    const incoming = transcript.filter((m) => m.senderType === 'contact');
    expect(incoming.map((m) => m.text).sort()).toEqual([...sent].sort());
    for (const m of incoming) expect(transcript[m.seq]?.senderType).toBe('bot');
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect(row.stateVersion).toBe(sent.length + 1);
  });

  it('stores a redelivered message once', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-dup', language: 'el' });
    const once = msg(conversationId, '3');
    expect((await core.handle(once)).status).toBe('processed');
    const before = await db.prisma.message.count({ where: { conversationId } });
    expect((await core.handle(once)).status).toBe('duplicate');
    expect(await db.prisma.message.count({ where: { conversationId } })).toBe(before);
  });

  it('answers an over-long or empty message politely and loses nothing already stored', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-bad', language: 'fa' });
    const before = await core.transcript(conversationId);
    const long = await core.handle(msg(conversationId, 'x'.repeat(MAX_TEXT + 1)));
    expect(long).toMatchObject({ status: 'rejected', reason: 'too_long' });
    expect(long.status === 'rejected' && long.replies[0]!.text).toBe(translator('fa')('common:tooLong', { max: MAX_TEXT }));
    const empty = await core.handle(msg(conversationId, '   '));
    expect(empty).toMatchObject({ status: 'rejected', reason: 'empty' });
    const after = await core.transcript(conversationId);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.some((m) => (m.text ?? '').length > MAX_TEXT)).toBe(false);
  });

  it('keeps an unsupported attachment for staff and asks for words', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-file', language: 'fr' });
    const outcome = await core.handle(msg(conversationId, '', { attachments: [{ contentType: 'application/x-msdownload', name: 'setup.exe' }] }));
    expect(outcome.status).toBe('processed');
    if (outcome.status !== 'processed') return;
    expect(outcome.incoming?.attachments).toEqual([{ contentType: 'application/x-msdownload', name: 'setup.exe' }]);
    expect(outcome.replies[0]!.text).toBe(translator('fr')('common:unsupportedAttachment'));
  });

  it('finds or starts the conversation of a channel identity when the channel has no conversation id', async () => {
    const tg = { inboxId: inboxId('terminal', 'samos'), activity: { type: 'message', from: { id: 'chat-42' }, text: 'hi' } } as const;
    const first = await core.handle({ ...tg, activity: { ...tg.activity, id: 'tg-1' } });
    const second = await core.handle({ ...tg, activity: { ...tg.activity, id: 'tg-2', text: '2' } });
    expect(first.status).toBe('processed');
    expect(second.status === 'processed' && first.status === 'processed' && second.conversationId === first.conversationId).toBe(true);
    expect(await db.prisma.contactInbox.count({ where: { sourceId: 'chat-42' } })).toBe(1);
  });
});
