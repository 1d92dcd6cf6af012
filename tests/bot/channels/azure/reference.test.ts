import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceOf, type AzureActivity } from '../../../../src/bot/channels/azure/activity.js';
import { deliveryError } from '../../../../src/bot/channels/azure/connector.js';
import { loadReference, rememberReference } from '../../../../src/bot/channels/azure/reference.js';
import { ensureSharedInbox } from '../../../../src/db/sync-content.js';
import type { Db } from '../../../../src/db/client.js';
import { setSubscribed } from '../../../../src/bot/outbox/subscription.js';
import { contentDatabase, providers } from '../../../support/db.js';

const activity = (serviceUrl: string): AzureActivity => ({
  type: 'message',
  id: '1',
  channelId: 'msteams',
  serviceUrl,
  from: { id: '29:citizen', name: 'Νίκη' },
  recipient: { id: '28:bot', name: 'kentro' },
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: 'tenant-1' },
  locale: 'el-GR',
});

describe.each(providers())('Azure conversation references on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
    await ensureSharedInbox(db.prisma, 'azure');
  });
  afterAll(async () => cleanup());

  it('creates the identity with its reference, follows a new service URL, and keeps updatedAt (when they unsubscribed)', async () => {
    const sourceId = 'msteams:29:citizen';
    await rememberReference(db.prisma, { inboxId: 'azure', sourceId, reference: referenceOf(activity('https://smba.trafficmanager.net/emea/')), language: 'el' });
    const identity = await db.prisma.contactInbox.findUniqueOrThrow({ where: { inboxId_sourceId: { inboxId: 'azure', sourceId } }, include: { contact: true } });
    expect(identity.contact).toMatchObject({ centreId: null, language: 'el' });
    await setSubscribed(db.prisma, 'azure', sourceId, false);
    const left = (await db.prisma.contactInbox.findUniqueOrThrow({ where: { id: identity.id } })).updatedAt;
    await new Promise((r) => setTimeout(r, 20));
    await rememberReference(db.prisma, { inboxId: 'azure', sourceId, reference: referenceOf(activity('https://smba.trafficmanager.net/amer/')), language: 'el' });
    const after = await db.prisma.contactInbox.findUniqueOrThrow({ where: { id: identity.id } });
    expect(after.updatedAt.getTime()).toBe(left.getTime());
    expect(await loadReference(db.prisma, 'azure', sourceId)).toEqual({
      channelId: 'msteams',
      serviceUrl: 'https://smba.trafficmanager.net/amer/',
      conversation: { id: 'a:personal', isGroup: false, conversationType: 'personal', name: '', tenantId: 'tenant-1' },
      bot: { id: '28:bot', name: 'kentro' },
      user: { id: '29:citizen', name: 'Νίκη' },
      locale: 'el-GR',
    });
    expect(await db.prisma.contactInbox.count({ where: { sourceId } })).toBe(1);
  });

  it('has no reference for an identity that never wrote through Azure, or an unreadable one', async () => {
    expect(await loadReference(db.prisma, 'azure', 'webchat:nobody')).toBeNull();
    await rememberReference(db.prisma, { inboxId: 'azure', sourceId: 'webchat:broken', reference: referenceOf(activity('https://x.example/')), language: undefined });
    await db.prisma.contactInbox.updateMany({ where: { sourceId: 'webchat:broken' }, data: { reference: '{"serviceUrl":' } });
    expect(await loadReference(db.prisma, 'azure', 'webchat:broken')).toBeNull();
  });
});

describe('Bot Connector failures as outbox decisions', () => {
  const status = (statusCode: number, headers: Record<string, string> = {}) =>
    Object.assign(new Error('body may echo the message'), { name: 'RestError', statusCode, response: { headers: { get: (n: string) => headers[n] } } });

  it('retries when busy or down, stops for a citizen who blocked the bot, gives up on a bad request', () => {
    expect(deliveryError(status(429, { 'retry-after': '7' }))).toMatchObject({ failure: 'retry', retryAfterMs: 7000 });
    expect(deliveryError(status(503))).toMatchObject({ failure: 'retry', message: 'azure connector HTTP 503' });
    expect(deliveryError(status(401))).toMatchObject({ failure: 'retry' });
    expect(deliveryError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toMatchObject({ failure: 'retry', message: 'azure connector unreachable: Error ECONNREFUSED' });
    expect(deliveryError(status(403))).toMatchObject({ failure: 'unsubscribed' });
    expect(deliveryError(status(404))).toMatchObject({ failure: 'unsubscribed' });
    expect(deliveryError(status(400))).toMatchObject({ failure: 'permanent' });
    expect(deliveryError(status(400)).message).not.toContain('echo');
  });
});
