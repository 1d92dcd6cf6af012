import { describe, expect, it } from 'vitest';
import { availability } from '../../src/handoff/hours.js';
import type { HandoffPort, HandoffResult } from '../../src/handoff/port.js';
import { translator } from '../../src/i18n/index.js';
import { dialog, shippedContent, texts } from '../support/transcript.js';

/** A queue of its own (the port's contract; the database one is tested over HTTP in tests/staff-api). */
function queue(result: HandoffResult): HandoffPort & { requests: { centreId: string; reason: string }[] } {
  const requests: { centreId: string; reason: string }[] = [];
  return {
    requests,
    request: async (p) => {
      requests.push(p);
      return result;
    },
  };
}

describe('"Talk to a person" in the dialog', () => {
  it('an Arabic speaker asks for a person: queued for their centre and told what to expect, in Arabic, then the menu', async () => {
    const port = queue({ status: 'pending', position: 3 });
    const chat = await dialog({ language: 'ar', centreId: 'thira' }, { handoff: port });
    await chat.start();
    const replies = texts(await chat.press('menu:person'));
    expect(port.requests).toEqual([{ centreId: 'thira', reason: 'citizen' }]);
    const t = translator('ar');
    // During opening hours the place in the queue; outside them when the centre opens.
    const open = availability((await shippedContent()).centres.get('thira')!).open;
    expect(replies).toContain(open ? t('handoff:queued', { position: 3 }) : t('handoff:queuedClosed', { when: '@@' }).split('@@')[0]!);
    expect(replies).toContain(t('handoff:meanwhile'));
    expect(replies).toContain(t('menu:prompt'));
  });

  it('after two messages the bot did not understand, the citizen is put in the queue (not just given a phone number)', async () => {
    const port = queue({ status: 'pending', position: 1 });
    const chat = await dialog({ language: 'el', centreId: 'samos' }, { handoff: port });
    await chat.start();
    await chat.say('qwxz');
    const replies = texts(await chat.say('zzqx'));
    expect(replies).toContain(translator('el')('nlu:personOffer'));
    expect(port.requests).toEqual([{ centreId: 'samos', reason: 'fallback' }]);
  });

  it('a person already has the conversation: the citizen is told so', async () => {
    const chat = await dialog({ language: 'en', centreId: 'samos' }, { handoff: queue({ status: 'open' }) });
    await chat.start();
    expect(texts(await chat.press('menu:person'))).toContain(translator('en')('handoff:alreadyOpen'));
  });

  it('without a centre yet, the citizen picks one first', async () => {
    const port = queue({ status: 'pending', position: 1 });
    const chat = await dialog({ language: 'en' }, { handoff: port });
    await chat.start();
    await chat.press('menu:person');
    expect(port.requests).toEqual([]);
  });

  it('with no inbox behind the bot (no port), the centre’s phone is given instead', async () => {
    const chat = await dialog({ language: 'el', centreId: 'thira' });
    await chat.start();
    expect(texts(await chat.press('menu:person'))).toContain('2286037036');
  });
});
