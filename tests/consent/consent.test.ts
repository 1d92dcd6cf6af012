import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCore } from '../../src/bot/core/core.js';
import { createFlowServices } from '../../src/bot/core/flow-services.js';
import { createConsentPort } from '../../src/consent/store.js';
import type { Content } from '../../src/content/load.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { translator } from '../../src/i18n/index.js';
import { contentDatabase, providers } from '../support/db.js';
import { shippedContent } from '../support/transcript.js';
import { buttonsOf, citizen, flowsWithIntakeEntry, textOf } from '../intake/support.js';

describe.each(providers())('consent on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let content: Content;
  let core: ConversationCore;
  const inbox = inboxId('webchat', 'thira');

  beforeAll(async () => {
    ({ db, cleanup } = await contentDatabase(provider));
    content = await shippedContent();
    core = new ConversationCore(db, content, { services: createFlowServices(db, content), flows: flowsWithIntakeEntry() });
  });
  afterAll(async () => cleanup());

  const start = async (userId: string, language: 'el' | 'ar' | 'fr' | 'uk' | 'en' | 'fa') => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId, language });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    return { conversationId, contactId: row.contactId, chat: citizen(core, inbox, conversationId) };
  };
  const portFor = (contactId: string, conversationId: string, c: Content = content) =>
    createConsentPort(db, c, { contactId, conversationId, inboxId: inbox, channel: 'webchat', turnKey: 't' })!;

  it('a Greek citizen who declines gets the general help and the phone; only the refusal is stored', async () => {
    const el = translator('el');
    const { contactId, chat } = await start('u-decline', 'el');
    const notice = await chat.press('test:intake');
    expect(textOf(notice)).toContain('Πριν σας ρωτήσω κάτι προσωπικό');
    expect(textOf(notice)).not.toContain(el('intake:questions.name'));
    expect(buttonsOf(notice).map((b) => b.value)).toEqual(['consent:yes', 'consent:no', 'consent:more', 'cmd:menu']);
    const declined = await chat.press('consent:no', el('consent:buttons.decline'));
    expect(textOf(declined)).toContain(el('consent:declined', { phone: '2286037036, 2286033023' }));
    const consents = await db.prisma.consent.findMany({ where: { contactId } });
    expect(consents).toMatchObject([{ kind: 'personal', granted: false, noticeVersion: '1', channel: 'webchat', language: 'el', withdrawnAt: null }]);
    expect(await db.prisma.case.count({ where: { contactId } })).toBe(0);
    const contact = await db.prisma.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect([contact.name, contact.phone]).toEqual([null, null]);
  });

  it('an Arabic speaker reads more, accepts, and the consent is stored with version, time, channel and language', async () => {
    const ar = translator('ar');
    const { contactId, chat } = await start('u-accept-ar', 'ar');
    await chat.press('test:intake');
    const more = await chat.press('consent:more');
    expect(textOf(more)).toContain('www.dpa.gr');
    expect(textOf(more)).toContain('ماذا تعرفون عني');
    const before = Date.now();
    const accepted = await chat.press('consent:yes');
    expect(textOf(accepted)).toBe(ar('intake:intro'));
    const [consent] = await db.prisma.consent.findMany({ where: { contactId } });
    expect(consent).toMatchObject({ kind: 'personal', granted: true, noticeVersion: '1', channel: 'webchat', language: 'ar' });
    expect(consent!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // Asked once: the next time the questions start at once.
    await chat.say('menu');
    expect(textOf(await chat.press('test:intake'))).toBe(ar('intake:intro'));
  });

  it('the port: latest decision counts, the same decision twice is one record, withdrawal and a new notice version ask again', async () => {
    const { contactId, conversationId } = await start('u-port', 'fr');
    const port = portFor(contactId, conversationId);
    expect(await port.granted()).toBe(false);
    await port.record(false, 'fr');
    expect(await port.granted()).toBe(false);
    await port.record(true, 'fr');
    await port.record(true, 'fr'); // a turn run again
    expect(await port.granted()).toBe(true);
    expect(await port.granted('special')).toBe(false);
    expect(await db.prisma.consent.count({ where: { contactId } })).toBe(2);

    const newer = portFor(contactId, conversationId, { ...content, privacy: { ...content.privacy!, version: '2' } });
    expect(newer.noticeVersion).toBe('2');
    expect(await newer.granted()).toBe(false);

    await port.withdraw();
    expect(await port.granted()).toBe(false);
    const rows = await db.prisma.consent.findMany({ where: { contactId } });
    expect(rows.filter((r) => r.withdrawnAt !== null)).toHaveLength(2);
  });

  it('a new notice version shows the notice again to someone who accepted the old one', async () => {
    const { contactId, conversationId, chat } = await start('u-version', 'uk');
    await portFor(contactId, conversationId, { ...content, privacy: { ...content.privacy!, version: '0' } }).record(true, 'uk');
    const notice = await chat.press('test:intake');
    expect(textOf(notice)).toContain('Перш ніж я запитаю щось особисте');
  });
});
