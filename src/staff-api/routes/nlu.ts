import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LANGUAGES, isLanguage, type Language } from '../../bot/core/types.js';
import { writeAudit } from '../../db/audit.js';
import { learnedKey } from '../../nlu/classifier.js';
import { INTENTS } from '../../nlu/intents.js';
import { loadExamples, saveExample } from '../../nlu/learn/examples.js';
import { NOT_UNDERSTOOD_WHERE } from '../../reports/understood.js';
import { notFound, problem } from '../problems.js';
import { me } from '../scope.js';

/** Most recent not-understood messages read to build the groups. */
const SCAN = 5_000;

interface Group {
  text: string;
  language: Language;
  count: number;
  lastAt: string;
  /** The classifier's best guess when the message came in (None or a low score). */
  guess: string | null;
  guessScore: number | null;
}

/**
 * The improvement loop (src/nlu/learn): what the bot did not understand in the staff member's
 * centre, and the examples staff make of it.
 */
export const nluRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/nlu/unknown',
    {
      schema: {
        tags: ['nlu'],
        summary: 'Messages of my centre the bot did not understand, grouped by normalised text, most frequent first; texts already assigned or marked noise are left out',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      },
    },
    async (req, reply) => {
      const staff = me(req);
      const rows = await app.db.prisma.message.findMany({
        where: { type: 'incoming', senderType: 'contact', text: { not: null }, conversation: { centreId: staff.centreId }, ...NOT_UNDERSTOOD_WHERE },
        select: { text: true, language: true, intent: true, intentScore: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
        take: SCAN,
      });
      const reviewed = new Set((await loadExamples(app.db.prisma)).map((e) => learnedKey(e.language, e.text)));
      const groups = new Map<string, Group>();
      for (const r of rows) {
        const language: Language = isLanguage(r.language) ? r.language : 'el';
        const key = learnedKey(language, r.text!);
        if (!key || reviewed.has(key)) continue;
        const g = groups.get(key);
        // Rows come newest first: the first of a group gives its sample text and guess.
        if (g) g.count += 1;
        else groups.set(key, { text: r.text!, language, count: 1, lastAt: r.createdAt.toISOString(), guess: r.intent, guessScore: r.intentScore });
      }
      const sorted = [...groups.values()].sort((a, b) => b.count - a.count || b.lastAt.localeCompare(a.lastAt)).slice(0, req.query.limit);
      reply.header('cache-control', 'no-store');
      return { groups: sorted, intents: [...INTENTS] };
    },
  );

  app.post(
    '/nlu/examples',
    {
      schema: {
        tags: ['nlu'],
        summary: 'Assign a not-understood message of my centre to an intent, or mark it noise; the bot learns it in the background',
        body: z
          .object({
            text: z.string().min(1).max(4000),
            language: z.enum(LANGUAGES),
            intent: z.enum(INTENTS).optional(),
            noise: z.literal(true).optional(),
          })
          .refine((b) => (b.intent === undefined) !== (b.noise === undefined), { message: 'give either intent or noise: true' }),
      },
    },
    async (req, reply) => {
      const staff = me(req);
      if (staff.role !== 'admin' && staff.role !== 'worker') throw problem(403, 'forbidden', 'only staff of the centre can do this');
      const { text, language } = req.body;
      // Only words citizens sent to this centre and the bot did not understand can become examples.
      const message = await app.db.prisma.message.findFirst({
        where: { text, type: 'incoming', senderType: 'contact', conversation: { centreId: staff.centreId }, ...NOT_UNDERSTOOD_WHERE },
        select: { id: true },
      });
      if (!message) throw notFound('not-understood message');
      const intent = req.body.noise ? 'None' : req.body.intent!;
      const saved = await saveExample(app.db.prisma, { language, text, intent, staffId: staff.id });
      await writeAudit(app.db.prisma, {
        centreId: staff.centreId,
        actorType: 'staff',
        actorId: staff.id,
        action: req.body.noise ? 'nlu.example.noise' : 'nlu.example.assign',
        entityType: 'NluExample',
        entityId: saved.id,
        details: { language, intent },
      });
      app.jobs.wake();
      return reply.code(201).send({ id: saved.id, language, intent, noise: req.body.noise === true });
    },
  );
};
