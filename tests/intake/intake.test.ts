import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationCore } from '../../src/bot/core/core.js';
import { createFlowServices } from '../../src/bot/core/flow-services.js';
import type { Content } from '../../src/content/load.js';
import type { Db } from '../../src/db/client.js';
import { inboxId } from '../../src/db/sync-content.js';
import { translator } from '../../src/i18n/index.js';
import { intakeRecordSchema } from '../../src/intake/answers.js';
import { createIntakePort } from '../../src/intake/store.js';
import { contentDatabase, providers } from '../support/db.js';
import { shippedContent } from '../support/transcript.js';
import { citizen, flowsWithIntakeEntry, lastButtons, textOf } from './support.js';

describe.each(providers())('pre-intake through the conversation core on %s', (provider) => {
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

  const start = async (userId: string, language: 'el' | 'ar' | 'fr') => {
    const { conversationId } = await core.startConversation({ inboxId: inbox, userId, language });
    const row = await db.prisma.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    return { conversationId, contactId: row.contactId, chat: citizen(core, inbox, conversationId) };
  };
  const casesOf = (contactId: string) => db.prisma.case.findMany({ where: { contactId } });
  const recordOf = (intake: string) => intakeRecordSchema.parse(JSON.parse(intake));

  it('a Greek citizen answers everything, confirms, and the social worker finds it as a new case', async () => {
    const el = translator('el');
    const { contactId, conversationId, chat } = await start('u-el', 'el');
    const notice = await chat.press('test:intake');
    expect(textOf(notice)).toContain('Πριν σας ρωτήσω κάτι προσωπικό');
    await chat.press('consent:yes');
    expect(textOf(await chat.press('intake:start'))).toBe(el('intake:questions.name'));
    await chat.say('Μαρία');
    await chat.say('69 1234 5678');
    expect(lastButtons(await chat.say('Σαντορίνη'))).toContain('intake:skip');
    await chat.say('2');
    await chat.say('3');
    await chat.press('needs:benefits');
    await chat.press('needs:housing');
    expect(textOf(await chat.press('intake:done'))).toContain('ευαίσθητα θέματα');
    await chat.press('special:yes');
    await chat.press('vulnerable:single_parent');
    await chat.press('intake:done');
    await chat.press('intake:no');
    const summary = await chat.press('time:midday');
    expect(textOf(summary)).toContain('• Όνομα: Μαρία');
    expect(textOf(summary)).toContain('• Τηλέφωνο: +30 691 234 5678');
    expect(textOf(summary)).toContain('• Νοικοκυριό: ενήλικες 2, παιδιά 3');
    expect(textOf(summary)).toContain(`• Ανάγκες: ${el('intake:needs.benefits')}, ${el('intake:needs.housing')}`);
    expect(textOf(await chat.press('intake:confirm'))).toContain(el('intake:saved'));

    const [saved] = await casesOf(contactId);
    expect(saved).toMatchObject({ status: 'new', centreId: 'thira', conversationId, needs: 'benefits,housing' });
    expect(recordOf(saved!.intake)).toMatchObject({
      v: 1,
      language: 'el',
      channel: 'webchat',
      answers: { name: 'Μαρία', phone: '+306912345678', reachHere: false, area: 'Σαντορίνη', adults: 2, children: 3, needs: ['benefits', 'housing'], vulnerable: ['single_parent'], interpreter: false, contactTime: 'midday' },
    });
    const contact = await db.prisma.contact.findUniqueOrThrow({ where: { id: contactId } });
    expect([contact.name, contact.phone]).toEqual(['Μαρία', '+306912345678']);
    const consents = await db.prisma.consent.findMany({ where: { contactId }, orderBy: { createdAt: 'asc' } });
    expect(consents.map((c) => [c.kind, c.granted])).toEqual([['personal', true], ['special', true]]);
  });

  it('an Arabic speaker skips questions, goes back, types a wrong phone and then a foreign one', async () => {
    const ar = translator('ar');
    const { contactId, chat } = await start('u-ar', 'ar');
    await chat.press('test:intake');
    await chat.press('consent:yes');
    await chat.press('intake:start');
    expect(textOf(await chat.say('تخطي'))).toBe(ar('intake:questions.phone'));
    const wrong = await chat.say('١٢٣');
    expect(textOf(wrong)).toBe(`${ar('intake:invalid.phone')}\n${ar('intake:questions.phone')}`);
    expect(textOf(await chat.say('0044 7911 123456'))).toBe(ar('intake:questions.area'));
    expect(textOf(await chat.say('رجوع'))).toBe(ar('intake:questions.phone'));
    await chat.say('+44 7911 123456');
    await chat.press('intake:skip');
    await chat.say('٢');
    await chat.say('٠');
    await chat.press('needs:papers');
    await chat.press('intake:done');
    await chat.press('special:no');
    await chat.press('interpreter:ar');
    const summary = await chat.press('intake:skip');
    expect(textOf(summary)).toContain(`${ar('intake:summary.labels.name')}: ${ar('intake:summary.notGiven')}`);
    await chat.press('intake:confirm');
    const [saved] = await casesOf(contactId);
    expect(recordOf(saved!.intake).answers).toEqual({ name: null, phone: '+447911123456', reachHere: false, area: null, adults: 2, children: 0, needs: ['papers'], vulnerable: null, interpreter: 'ar', contactTime: null });
    expect(saved!.needs).toBe('papers');
    const special = await db.prisma.consent.findMany({ where: { contactId, kind: 'special' } });
    expect(special.map((c) => c.granted)).toEqual([false]);
  });

  it('a French speaker skips it all at first; later answers, and a third run updates the same case', async () => {
    const fr = translator('fr');
    const { contactId, chat } = await start('u-fr', 'fr');
    await chat.press('test:intake');
    await chat.press('consent:yes');
    expect(textOf(await chat.press('intake:later'))).toContain(fr('intake:later'));
    expect(await casesOf(contactId)).toEqual([]);

    expect(textOf(await chat.press('test:intake'))).toBe(fr('intake:intro'));
    await chat.press('intake:start');
    await chat.say('Amina');
    await chat.press('intake:here');
    for (const value of ['intake:skip', 'intake:skip', 'intake:skip', 'needs:food', 'intake:done', 'special:no', 'intake:skip', 'time:any', 'intake:confirm']) await chat.press(value);
    const [first] = await casesOf(contactId);
    expect(recordOf(first!.intake).answers).toMatchObject({ name: 'Amina', reachHere: true, needs: ['food'] });

    expect(textOf(await chat.press('test:intake'))).toBe(fr('intake:introAgain'));
    await chat.press('intake:start');
    // Pre-filled: the current answer is shown and can be kept.
    const name = await chat.say('garder');
    expect(textOf(name)).toContain(fr('intake:now', { value: fr('intake:summary.reachHere') }));
    await chat.say('6912345678');
    for (const value of ['intake:keep', 'intake:keep', 'intake:keep', 'needs:work', 'intake:done', 'special:no', 'intake:keep', 'intake:keep', 'intake:confirm']) await chat.press(value);
    const cases = await casesOf(contactId);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.id).toBe(first!.id);
    expect(cases[0]!.needs).toBe('food,work');
    expect(recordOf(cases[0]!.intake).answers).toMatchObject({ name: 'Amina', phone: '+306912345678', reachHere: false, needs: ['food', 'work'], contactTime: 'any' });
    expect(await db.prisma.contact.findUniqueOrThrow({ where: { id: contactId } })).toMatchObject({ name: 'Amina', phone: '+306912345678' });

    // Corrected from the summary: the name is taken back (skipped), and the contact forgets it too.
    await chat.press('test:intake');
    await chat.press('intake:review');
    await chat.press('intake:edit');
    await chat.press('intake:pick:name');
    expect(textOf(await chat.press('intake:skip'))).toContain(`${fr('intake:summary.labels.name')}: ${fr('intake:summary.notGiven')}`);
    await chat.press('intake:confirm');
    expect(await casesOf(contactId)).toHaveLength(1);
    expect(await db.prisma.contact.findUniqueOrThrow({ where: { id: contactId } })).toMatchObject({ name: null, phone: '+306912345678' });
  });

  it('saving the same answers again (a turn run a second time) keeps one case', async () => {
    const { contactId, conversationId } = await start('u-rerun', 'el');
    const port = createIntakePort(db, { contactId, conversationId, inboxId: inbox, channel: 'webchat', turnKey: 'same' });
    const first = await port.save({ name: 'Νίκος', needs: ['work'] }, { centreId: 'thira', language: 'el' });
    const again = await port.save({ name: 'Νίκος', needs: ['work'] }, { centreId: 'thira', language: 'el' });
    expect(first.created).toBe(true);
    expect(again).toEqual({ caseId: first.caseId, created: false });
    expect(await casesOf(contactId)).toHaveLength(1);
    expect(await port.current('thira')).toEqual({ caseId: first.caseId, answers: { name: 'Νίκος', needs: ['work'] } });
    // Another centre's case is another case.
    expect(await port.current('samos')).toBeNull();
  });
});
