import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCore } from '../../../src/bot/core/core.js';
import { createEmergencyCheck } from '../../../src/bot/safety/check.js';
import { loadHotlines, type Hotlines } from '../../../src/bot/safety/hotlines.js';
import { emergencyReply } from '../../../src/bot/safety/reply.js';
import { loadEnv } from '../../../src/config/env.js';
import type { Db } from '../../../src/db/client.js';
import { inboxId } from '../../../src/db/sync-content.js';
import { translator } from '../../../src/i18n/index.js';
import { buildApp } from '../../../src/server/app.js';
import { contentDatabase, providers } from '../../support/db.js';
import { shippedContent } from '../../support/transcript.js';

describe.each(providers())('emergencies through the conversation core on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let core: ConversationCore;
  let hotlines: Hotlines;
  const inbox = inboxId('webchat', 'thira');
  let n = 0;
  const msg = (conversationId: string, text: string) =>
    ({ inboxId: inbox, conversationId, activity: { type: 'message', id: `e-${++n}`, from: { id: 'citizen' }, text } }) as const;
  const texts = async (conversationId: string, text: string) => {
    const outcome = await core.handle(msg(conversationId, text));
    expect(outcome.status).toBe('processed');
    return outcome.status === 'processed' ? outcome.replies.map((r) => r.text) : [];
  };
  const row = (id: string) => db.prisma.conversation.findUniqueOrThrow({ where: { id } });

  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
    hotlines = await loadHotlines();
    core = new ConversationCore(db, await shippedContent(), { checks: [createEmergencyCheck(hotlines)] });
  });
  afterAll(async () => cleanup());

  it('an Arabic message about a violent husband in the middle of a flow gets the help lines first, then the dialog goes on', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-ar', language: 'ar' });
    await texts(conversationId, '3'); // "Hours and contact": the bot now waits for a topic
    // What the dialog alone answers to free text at this step, from a twin conversation.
    const twin = await core.startConversation({ inboxId: inbox, userId: 'u-ar-twin', language: 'ar' });
    await texts(twin.conversationId, '3');
    const dialogOnly = await texts(twin.conversationId, 'أريد أن أسأل عن شيء');

    const replies = await texts(conversationId, 'زوجي يضربني كل يوم، أنا خائفة');
    expect(replies[0]).toBe(emergencyReply(hotlines, ['violence'], 'ar'));
    expect(replies[0]).toContain('15900');
    expect(replies[0]).toContain(translator('ar')('safety:callNow', { number: '112' }));
    expect(replies.slice(1)).toEqual(dialogOnly);

    const conversation = await row(conversationId);
    expect(conversation).toMatchObject({ urgent: true, status: 'pending' });
    expect(conversation.pendingSince).toBeInstanceOf(Date);
    const audit = await db.prisma.auditLog.findMany({ where: { entityId: conversationId, action: 'conversation.urgent' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: 'system', entityType: 'Conversation', centreId: 'thira' });
    // Ids and flags only: nothing the citizen wrote.
    expect(JSON.parse(audit[0]!.details!)).toEqual({ queued: true });

    // In the staff queue the bot still answers: the topic "Opening hours" works as before.
    const next = await texts(conversationId, '1');
    expect(next[0]).toContain('08:00–15:30');
    expect((await row(conversationId)).status).toBe('pending');
  });

  it('keeps the first time it was queued and stays quiet about it afterwards', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-again', language: 'el' });
    await texts(conversationId, 'Δεν θέλω να ζω');
    const first = (await row(conversationId)).pendingSince;
    const again = await texts(conversationId, 'θα σκοτωθώ');
    expect(again[0]).toBe(emergencyReply(hotlines, ['suicide'], 'el'));
    expect((await row(conversationId)).pendingSince).toEqual(first);
    const audit = await db.prisma.auditLog.findMany({ where: { entityId: conversationId, action: 'conversation.urgent' }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((a) => JSON.parse(a.details!) as unknown)).toEqual([{ queued: true }, { queued: false }]);
  });

  it('a conversation a person already has gets the help lines, stays with that person, and the bot says nothing else', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-open', language: 'en' });
    await db.prisma.conversation.update({ where: { id: conversationId }, data: { status: 'open' } });
    const replies = await texts(conversationId, 'he hits me');
    expect(replies).toEqual([emergencyReply(hotlines, ['violence'], 'en')]);
    expect(await row(conversationId)).toMatchObject({ urgent: true, status: 'open', pendingSince: null });
  });

  it('an ordinary message changes nothing', async () => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId: 'u-calm', language: 'fr' });
    const replies = await texts(conversationId, 'Merci beaucoup');
    expect(replies.join('\n')).not.toContain('112');
    expect(await row(conversationId)).toMatchObject({ urgent: false, status: 'bot' });
  });

  it('the service’s own core runs the check (wired in the app)', async () => {
    const app = await buildApp({ env: loadEnv({ LOG_LEVEL: 'silent' }, '/nonexistent/.env'), db, content: await shippedContent() });
    try {
      const { conversationId } = await app.core.startConversation({ inboxId: inbox, userId: 'u-app', language: 'uk' });
      const outcome = await app.core.handle(msg(conversationId, 'хочу померти'));
      expect(outcome.status === 'processed' && outcome.replies[0]!.text).toBe(emergencyReply(hotlines, ['suicide'], 'uk'));
      expect(await row(conversationId)).toMatchObject({ urgent: true, status: 'pending' });
    } finally {
      await app.close();
    }
  });
});
