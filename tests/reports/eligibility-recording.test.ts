import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DateTime } from 'luxon';
import type { Db } from '../../src/db/client.js';
import { computeIndicators } from '../../src/reports/indicators.js';
import { monthRange, REPORT_ZONE } from '../../src/reports/month.js';
import type { FlowServices } from '../../src/dialogs/engine/services.js';
import { createEligibilityPort, type EligibilityOutcome } from '../../src/dialogs/flows/eligibility/port.js';
import { translator } from '../../src/i18n/index.js';
import { channelDatabase, startChannelApp } from '../support/channel-app.js';
import { DirectLine, press } from '../support/directline.js';
import { providers, type TestDatabase } from '../support/db.js';
import { dialog } from '../support/transcript.js';

const el = translator('el');

describe('the screener records its result for the reports', () => {
  it('a citizen of Thira finishes the ΕΕΕ check: one outcome with the programme and result codes, nothing of the answers', async () => {
    const recorded: EligibilityOutcome[] = [];
    const services: FlowServices = { eligibility: { recordResult: async (o) => void recorded.push(o) } };
    const chat = await dialog({ language: 'el', centreId: 'thira' }, services);
    await chat.start();
    await chat.press('menu:programmes', el('menu:options.programmes'));
    await chat.press('programme:gmi');
    await chat.press('check:yes');
    await chat.press('n:1', '1');
    await chat.press('n:2', '2');
    await chat.press('a:yes', el('eligibility:buttons.yes'));
    await chat.say('1.200 €');
    await chat.press('c:refugee', el('eligibility:choices.legalResidence.refugee'));
    await chat.press('n:0');
    expect(recorded).toEqual([]);
    await chat.say('0');
    await chat.press('n:0', el('eligibility:buttons.none'));
    expect(recorded).toEqual([{ centreId: 'thira', programme: 'gmi', result: 'likely_eligible' }]);
  });
});

describe.each(providers())('the eligibility port on %s', (provider) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await channelDatabase(provider);
    db = await database.open();
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it('writes one audit entry of codes per turn, even when the turn runs again', async () => {
    const identity = { conversationId: 'conv-1', contactId: 'contact-1', inboxId: 'webchat-thira', channel: 'webchat', turnKey: 'turn-1' };
    const port = createEligibilityPort(db, identity);
    await port.recordResult({ centreId: 'thira', programme: 'gmi', result: 'unknown' });
    await port.recordResult({ centreId: 'thira', programme: 'gmi', result: 'unknown' });
    await createEligibilityPort(db, { ...identity, turnKey: 'turn-2' }).recordResult({ centreId: 'thira', programme: 'gmi', result: 'likely_eligible' });
    const rows = await db.prisma.auditLog.findMany({ where: { action: 'eligibility.result' }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.centreId, r.entityId, JSON.parse(r.details!)])).toEqual([
      ['thira', 'conv-1', { programme: 'gmi', result: 'unknown', turn: 'turn-1' }],
      ['thira', 'conv-1', { programme: 'gmi', result: 'likely_eligible', turn: 'turn-2' }],
    ]);
  });
  it('through the whole app: a web chat citizen finishes the ΕΕΕ check and the reports can count it', async () => {
    const kentro = await startChannelApp(database, {});
    try {
      const eligibilityThisMonth = async () => {
        const month = monthRange(DateTime.now().setZone(REPORT_ZONE).toFormat('yyyy-MM'))!;
        return (await computeIndicators(kentro.db.prisma, kentro.app.content, month, 'thira')).eligibility;
      };
      const before = await eligibilityThisMonth();
      const dl = new DirectLine(kentro.url);
      const c = await dl.start({ centre: 'thira', locale: 'el' });
      const steps: [string, string][] = [
        ['menu:programmes', el('menu:options.programmes')], ['programme:gmi', 'ΕΕΕ'], ['check:yes', el('eligibility:buttons.check')], ['n:1', '1'], ['n:2', '2'],
        ['a:yes', el('eligibility:buttons.yes')], ['1.200 €', '1.200 €'], ['c:refugee', el('eligibility:choices.legalResidence.refugee')], ['n:0', '0'], ['0', '0'], ['n:0', el('eligibility:buttons.none')],
      ];
      for (const [value, title] of steps) {
        const res = value === title ? await dl.post(c, { text: value }) : await dl.post(c, press({ title, value }));
        expect(res.status).toBe(200);
      }
      const row = await kentro.db.prisma.auditLog.findFirstOrThrow({ where: { action: 'eligibility.result', entityId: c.conversationId } });
      expect(row.centreId).toBe('thira');
      expect(JSON.parse(row.details!)).toMatchObject({ programme: 'gmi', result: 'likely_eligible' });
      expect((await eligibilityThisMonth()).byProgramme.gmi?.likely_eligible).toBe((before.byProgramme.gmi?.likely_eligible ?? 0) + 1);
    } finally {
      await kentro.close();
    }
  });
});
