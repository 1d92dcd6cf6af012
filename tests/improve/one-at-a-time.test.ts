import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { IntentClassifier } from '../../src/nlu/classifier.js';
import { saveExample } from '../../src/nlu/learn/examples.js';
import { LearningLoop } from '../../src/nlu/learn/plugin.js';
import type { RetrainRequest, Retrainer } from '../../src/nlu/learn/retrain.js';
import { channelDatabase } from '../support/channel-app.js';
import type { TestDatabase } from '../support/db.js';

/** A retrainer that trains nothing: each call waits until the test finishes (or fails) it. */
function standIn() {
  const calls: { request: RetrainRequest; finish: () => void; fail: (err: Error) => void }[] = [];
  let running = 0;
  let most = 0;
  const retrainer: Retrainer = (request) =>
    new Promise((resolve, reject) => {
      running += 1;
      most = Math.max(most, running);
      const model = { name: `model ${calls.length + 1}` } as unknown as IntentClassifier;
      const end = () => (running -= 1);
      calls.push({ request, finish: () => (end(), resolve({ classifier: model, ms: 1 })), fail: (err) => (end(), reject(err)) });
    });
  return { retrainer, calls, most: () => most };
}

/** A classifier that only records what is swapped in. */
function recordingClassifier() {
  const swapped: string[] = [];
  const learned: number[] = [];
  const classifier = {
    useLearned: (examples: unknown[]) => learned.push(examples.length),
    useModelOf: (other: { name: string }) => swapped.push(other.name),
  } as unknown as IntentClassifier;
  return { classifier, swapped, learned };
}

const texts = (r: RetrainRequest) => Object.values(r.extra).flatMap((corpus) => Object.values(corpus ?? {}).flat());
const tick = () => new Promise((r) => setTimeout(r, 10));

describe('retrains one at a time', () => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await channelDatabase('sqlite');
    db = await database.open();
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('examples that change during a retrain are trained right after it, in one batch; noise is not trained', async () => {
    const { retrainer, calls, most } = standIn();
    const { classifier, swapped, learned } = recordingClassifier();
    const loop = new LearningLoop(db.prisma, classifier, { retrainer });

    // Nothing assigned: the shipped model stays, nothing is trained.
    await loop.refresh();
    expect(calls).toHaveLength(0);

    await saveExample(db.prisma, { language: 'el', text: 'ξύλα για τη σόμπα', intent: 'social_electricity_tariff', staffId: null });
    expect(await loop.refresh()).toBe(true);
    expect(learned.at(-1)).toBe(1); // the lookup layer at once
    expect(calls).toHaveLength(1);
    expect(texts(calls[0]!.request)).toEqual(['ξύλα για τη σόμπα']);

    // Two more changes while it trains: no second worker, the lookup layer follows each change.
    await saveExample(db.prisma, { language: 'en', text: 'firewood please', intent: 'social_electricity_tariff', staffId: null });
    expect(await loop.refresh()).toBe(true);
    await saveExample(db.prisma, { language: 'el', text: 'asdf qwerty', intent: 'None', staffId: null });
    await saveExample(db.prisma, { language: 'el', text: 'πετρέλαιο θέρμανσης', intent: 'social_electricity_tariff', staffId: null });
    expect(await loop.refresh(true)).toBe(true);
    expect(learned.at(-1)).toBe(3);
    expect(calls).toHaveLength(1);

    // The first retrain ends: its model is swapped in, then the latest examples are trained, once.
    calls[0]!.finish();
    await tick();
    expect(swapped).toEqual(['model 1']);
    expect(calls).toHaveLength(2);
    expect(texts(calls[1]!.request).sort()).toEqual(['firewood please', 'πετρέλαιο θέρμανσης', 'ξύλα για τη σόμπα'].sort());
    calls[1]!.finish();
    await loop.idle();
    expect(swapped).toEqual(['model 1', 'model 2']);
    expect(loop.retrains).toBe(2);
    expect(most()).toBe(1);

    // Marking noise changes the examples' version, but not the training data: nothing to train.
    await saveExample(db.prisma, { language: 'el', text: 'zxcv zxcv', intent: 'None', staffId: null });
    expect(await loop.refresh()).toBe(true);
    expect(await loop.refresh(true)).toBe(true);
    await loop.idle();
    expect(calls).toHaveLength(2);

    // An erasure deletes an example: the model is trained again without it.
    await db.prisma.nluExample.deleteMany({ where: { text: 'firewood please' } });
    expect(await loop.refresh()).toBe(true);
    expect(calls).toHaveLength(3);
    expect(texts(calls[2]!.request)).not.toContain('firewood please');
    calls[2]!.finish();
    await loop.idle();
    expect(most()).toBe(1);
  });

  it('a failed retrain leaves the lookup layer and is tried again later; closing stops it', async () => {
    const { retrainer, calls } = standIn();
    const { classifier, swapped } = recordingClassifier();
    const loop = new LearningLoop(db.prisma, classifier, { retrainer, retryMs: 60_000 });
    await loop.refresh();
    expect(calls).toHaveLength(1);
    calls[0]!.fail(new Error('out of memory'));
    await loop.idle();
    expect(swapped).toEqual([]);
    // The version is unchanged: the next checks do not retrain before retryMs.
    expect(await loop.refresh()).toBe(false);
    expect(calls).toHaveLength(1);

    const soon = new LearningLoop(db.prisma, classifier, { retrainer, retryMs: 0 });
    await soon.refresh();
    calls[1]!.fail(new Error('out of memory'));
    await soon.idle();
    expect(await soon.refresh()).toBe(false);
    expect(calls).toHaveLength(3);
    // Closed while training (the app stops): the model it would give is not swapped in.
    const closed = soon.close();
    calls[2]!.finish();
    await closed;
    expect(swapped).toEqual([]);
  });
});
