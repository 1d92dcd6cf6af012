import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { cannedSchema } from '../schemas.js';
import { writeAudit } from '../../db/audit.js';
import { cannedTextsSchema, parseTexts, SHORT_CODE } from '../canned.js';
import { problem } from '../problems.js';
import { scope } from '../scope.js';
import { cannedView } from '../views.js';

/** Canned responses: the global ones from content/ and the centre's own, in every language. */
export const cannedResponseRoutes: FastifyPluginAsyncZod = async (app) => {
  const { prisma } = app.db;

  app.get('/canned-responses', { schema: { tags: ['canned responses'], summary: 'Global and this centre’s canned responses', response: { 200: z.object({ cannedResponses: z.array(cannedSchema) }) } } }, async (req) => {
    const s = scope(req, prisma);
    const rows = await prisma.cannedResponse.findMany({ where: s.cannedWhere, orderBy: { shortCode: 'asc' } });
    return { cannedResponses: rows.map((r) => cannedView(r, parseTexts(r.texts))) };
  });

  app.post(
    '/canned-responses',
    {
      schema: {
        tags: ['canned responses'],
        summary: 'A new canned response of the centre: the Greek text and its translations',
        body: z.object({ shortCode: z.string().regex(SHORT_CODE, 'lowercase letters, digits, - or _'), texts: cannedTextsSchema }),
        response: { 201: cannedSchema },
      },
    },
    async (req, reply) => {
      const s = scope(req, prisma);
      const taken = await prisma.cannedResponse.findFirst({ where: { shortCode: req.body.shortCode, ...s.cannedWhere } });
      if (taken) throw problem(409, 'conflict', `the short code "${req.body.shortCode}" is taken`);
      const row = await prisma.cannedResponse.create({ data: { centreId: s.centreId, shortCode: req.body.shortCode, texts: JSON.stringify(req.body.texts) } });
      await writeAudit(prisma, { centreId: s.centreId, actorType: 'staff', actorId: s.staff.id, action: 'canned_response.create', entityType: 'CannedResponse', entityId: row.id });
      return reply.code(201).send(cannedView(row, req.body.texts));
    },
  );
};
