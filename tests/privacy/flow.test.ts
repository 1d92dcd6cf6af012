import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
// Content first: src/content/load.ts and src/content/programmes.ts import each other (through
// src/consent/notice.ts), and only this order evaluates them correctly.
import { buttons, dialog, shippedContent, texts } from '../support/transcript.js';
import { ConversationCore } from '../../src/bot/core/core.js';
import { noticeText } from '../../src/consent/notice.js';
import type { Language, TurnOutcome } from '../../src/bot/core/types.js';
import type { Db } from '../../src/db/client.js';
import { inboxId, syncContent } from '../../src/db/sync-content.js';
import { translator } from '../../src/i18n/index.js';
import { IntentClassifier } from '../../src/nlu/classifier.js';
import { ERASE_JOB } from '../../src/privacy/jobs.js';
import { exportKey, verifyExportToken } from '../../src/privacy/link.js';
import { createPrivacyPort } from '../../src/privacy/port.js';
import { DEFAULT_RETENTION } from '../../src/privacy/retention.js';
import type { PrivacyConfig } from '../../src/privacy/config.js';
import { migratedDatabase, providers } from '../support/db.js';

const texts_ = (o: TurnOutcome) => (o.status === 'processed' ? o.replies.map((r) => r.text ?? '') : []);

describe.each(providers())('"My data" through the conversation core on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  let core: ConversationCore;
  /** What the server passes from PUBLIC_URL and RETENTION_*; each test sets the address it needs. */
  const privacyConfig: PrivacyConfig = { retention: DEFAULT_RETENTION };
  const inbox = inboxId('webchat', 'thira');
  let n = 0;

  beforeAll(async () => {
    ({ db, cleanup } = await migratedDatabase(provider));
    const content = await shippedContent();
    await syncContent(db.prisma, content);
    core = new ConversationCore(db, content, { classifier: await IntentClassifier.create(), services: (identity) => ({ identity, privacy: createPrivacyPort(db, identity, privacyConfig) }) });
  });
  afterAll(async () => cleanup());
  afterEach(() => {
    privacyConfig.publicUrl = undefined;
  });

  async function citizen(language: Language) {
    const userId = `dl_privacy_${++n}`;
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId, centreId: 'thira', language });
    const contactId = (await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } })).contactId;
    const send = (text: string, value?: string) =>
      core.handle({ inboxId: inbox, conversationId, activity: { type: 'message', id: `privacy-${++n}`, from: { id: userId }, text, ...(value ? { value } : {}) } });
    return { conversationId, contactId, userId, send, press: (value: string) => send(value, value) };
  }

  it('Greek: "My data" from the menu lists what is stored — channel, consent, intake, conversations, retention — with a 15-minute download link', async () => {
    privacyConfig.publicUrl = 'https://chat.example.gr';
    const t = translator('el');
    const c = await citizen('el');
    await db.prisma.consent.create({ data: { contactId: c.contactId, kind: 'privacy', noticeVersion: '2026-11', granted: true, channel: 'webchat', language: 'el' } });
    await db.prisma.case.create({ data: { contactId: c.contactId, centreId: 'thira', intake: JSON.stringify({ v: 1, answers: { area: 'Φηρά', adults: 2, children: 1, needs: ['housing', 'food'] }, language: 'el', channel: 'webchat', updatedAt: new Date().toISOString() }), needs: 'housing,food' } });
    await c.press('cmd:menu');
    const menu = await c.press('menu:privacy');
    expect(texts_(menu)).toEqual([t('privacy:prompt')]);
    const options = menu.status === 'processed' ? menu.replies[0]!.buttons.map((b) => b.value) : [];
    expect(options).toEqual(expect.arrayContaining(['privacy:summary', 'privacy:delete', 'privacy:notice', 'cmd:menu']));

    const [summary, download, again] = texts_(await c.press('privacy:summary'));
    expect(summary).toContain(t('privacy:summary.title'));
    expect(summary).toContain(t('privacy:channels.webchat'));
    expect(summary).toContain('Συμφωνήσατε με την ενημέρωση για τα προσωπικά δεδομένα (έκδοση 2026-11)');
    // The pre-intake with the labels of the intake's own summary.
    expect(summary).toContain(`${t('intake:summary.labels.area')}: Φηρά`);
    expect(summary).toContain(`${t('intake:summary.labels.needs')}: ${t('intake:needs.housing')}, ${t('intake:needs.food')}`);
    expect(summary).toMatch(/Συζητήσεις: 1, με \d+ μηνύματα/);
    expect(summary).toContain(t('privacy:summary.retention', { months: 12, years: 5 }));
    expect(again).toBe(t('privacy:prompt'));
    const link = /https:\/\/chat\.example\.gr\/privacy\/export\?t=(\S+)$/.exec(download ?? '');
    expect(link).not.toBeNull();
    expect(await verifyExportToken(await exportKey(db.prisma), link![1]!)).toBe(c.contactId);
  });

  it('Greek free text "τι στοιχεία κρατάτε για μένα;" answers with the summary at once; without PUBLIC_URL there is no link', async () => {
    privacyConfig.publicUrl = undefined;
    const c = await citizen('el');
    const replies = texts_(await c.send('τι στοιχεία κρατάτε για μένα;'));
    expect(replies[0]).toContain(translator('el')('privacy:summary.title'));
    expect(replies.join('\n')).not.toContain('/privacy/export');
  });

  it('Farsi: "اطلاعاتمو پاک کنید" explains what will be deleted and asks; "نه" keeps everything', async () => {
    const t = translator('fa');
    const c = await citizen('fa');
    const ask = await c.send('اطلاعاتمو پاک کنید');
    expect(texts_(ask)).toEqual([t('privacy:erase.explain')]);
    expect(ask.status === 'processed' && ask.replies[0]!.buttons.map((b) => b.title)).toEqual([t('privacy:erase.yes'), t('privacy:erase.no'), t('common:buttons.menu')]);
    expect(texts_(await c.send('نه'))).toEqual([t('privacy:erase.kept'), t('privacy:prompt')]);
    expect(await db.prisma.job.count({ where: { kind: ERASE_JOB, payload: { contains: c.contactId } } })).toBe(0);
  });

  it('Farsi: "چه اطلاعاتی از من نگه میدارید" lists what is stored, in Farsi', async () => {
    const t = translator('fa');
    const c = await citizen('fa');
    const [summary] = texts_(await c.send('چه اطلاعاتی از من نگه میدارید'));
    expect(summary).toContain(t('privacy:summary.title'));
    expect(summary).toContain(t('privacy:channels.webchat'));
    expect(summary).toContain(t('privacy:summary.retention', { months: 12, years: 5 }));
  });

  it('French: "supprimez mes données", then "oui": the confirmation is the last message and the erasure is queued', async () => {
    const t = translator('fr');
    const c = await citizen('fr');
    expect(texts_(await c.send('supprimez mes données'))).toEqual([t('privacy:erase.explain')]);
    expect(texts_(await c.send('oui'))).toEqual([t('privacy:erase.done')]);
    expect(await db.prisma.job.count({ where: { kind: ERASE_JOB, payload: { contains: c.contactId } } })).toBe(1);
    // Writing again before the erasure has run: told it is under way, nothing new is queued.
    expect(texts_(await c.send('allo ?'))).toEqual([t('privacy:erase.pending')]);
    expect(await db.prisma.job.count({ where: { kind: ERASE_JOB, payload: { contains: c.contactId } } })).toBe(1);
  });

  it('French: the privacy notice from the "My data" menu', async () => {
    const c = await citizen('fr');
    await c.press('cmd:menu');
    await c.press('menu:privacy');
    const content = await shippedContent();
    const replies = texts_(await c.press('privacy:notice'));
    expect(replies).toEqual([
      content.privacy ? noticeText(content.privacy, 'full', 'fr', content.centres.get('thira')!, content.centres.get('thira')!.contact.phones.join(', ')) : translator('fr')('privacy:notice'),
      translator('fr')('privacy:prompt'),
    ]);
  });
});

describe('"My data" without the privacy service (dialog alone)', () => {
  it('points to the centre\'s phone instead of failing', async () => {
    const d = await dialog({ language: 'en', centreId: 'thira' });
    await d.start();
    await d.press('cmd:menu');
    expect(buttons(await d.press('menu:privacy'))).toContain(translator('en')('privacy:options.delete'));
    expect(texts(await d.press('privacy:summary'))).toContain(translator('en')('privacy:unavailable', { phone: (await shippedContent()).centres.get('thira')!.contact.phones.join(', ') }));
  });
});
