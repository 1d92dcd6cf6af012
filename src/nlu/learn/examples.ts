import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../db/client.js';
import { enqueueJob } from '../../jobs/queue.js';
import { isLanguage, type Language } from '../../bot/core/types.js';
import { ALL_INTENTS, type IntentOrNone } from '../intents.js';
import type { ExtraExamples } from '../classifier.js';

/** The job that loads the staff-assigned examples into the running classifier. */
export const RETRAIN_JOB = 'nlu.retrain';
/** Setting row: changes whenever an example is added or changed (every replica compares it with its own). */
export const EXAMPLES_VERSION_KEY = 'nlu.examples.version';

export interface LearnedExample {
  language: Language;
  text: string;
  /** `None`: marked as noise (not a request). */
  intent: IntentOrNone;
}

const known = (i: string): i is IntentOrNone => (ALL_INTENTS as readonly string[]).includes(i);

/** Every stored example of the deployment (table NluExample), valid ones only. */
export async function loadExamples(prisma: Prisma): Promise<LearnedExample[]> {
  const rows = await prisma.nluExample.findMany({ select: { language: true, text: true, intent: true }, orderBy: { createdAt: 'asc' } });
  const out: LearnedExample[] = [];
  for (const r of rows) if (isLanguage(r.language) && known(r.intent)) out.push({ language: r.language, text: r.text, intent: r.intent });
  return out;
}

/** The examples as extra training data per language (bench:nlu --with-examples, a full retrain). */
export function asExtraExamples(examples: readonly LearnedExample[], withNoise = true): ExtraExamples {
  const extra: ExtraExamples = {};
  for (const e of examples) {
    if (e.intent === 'None' && !withNoise) continue;
    const corpus = (extra[e.language] ??= {});
    (corpus[e.intent] ??= []).push(e.text);
  }
  return extra;
}

/**
 * What a replica compares with what it loaded: the version bumped on every save, and the count
 * (an erasure deletes examples holding a citizen's words without bumping the version).
 */
export async function examplesVersion(prisma: Prisma): Promise<string> {
  const [setting, count] = await Promise.all([prisma.setting.findUnique({ where: { key: EXAMPLES_VERSION_KEY } }), prisma.nluExample.count()]);
  return `${setting?.value ?? ''}/${count}`;
}

/**
 * Stores (or changes) the example of a text, bumps the examples' version and queues a retrain
 * unless one is already waiting: every example saved before it runs joins that batch.
 */
export async function saveExample(prisma: Prisma, example: LearnedExample & { staffId: string | null }): Promise<{ id: string; version: string }> {
  const version = `${Date.now().toString(36)}-${randomUUID().slice(0, 8)}`;
  return prisma.$transaction(async (tx) => {
    const row = await tx.nluExample.upsert({
      where: { language_text: { language: example.language, text: example.text } },
      create: { language: example.language, text: example.text, intent: example.intent, createdById: example.staffId },
      update: { intent: example.intent, createdById: example.staffId },
      select: { id: true },
    });
    await tx.setting.upsert({ where: { key: EXAMPLES_VERSION_KEY }, create: { key: EXAMPLES_VERSION_KEY, value: version }, update: { value: version } });
    const pending = await tx.job.findFirst({ where: { kind: RETRAIN_JOB, status: 'queued' }, select: { id: true } });
    if (!pending) await enqueueJob(tx, RETRAIN_JOB, {}, { uniqueKey: `${RETRAIN_JOB}:${version}` });
    return { id: row.id, version };
  });
}
