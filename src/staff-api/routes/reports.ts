import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { centreReport } from '../../reports/build.js';
import { csvFileName, toCsv } from '../../reports/csv.js';
import { monthRange } from '../../reports/month.js';
import { problem } from '../problems.js';
import { requireAdmin } from '../scope.js';

/** The monthly indicators of the administrator's own centre (src/reports), as JSON or the CSV download. */
export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Monthly indicators of my centre: aggregates only, counts 1–4 shown as "<5" (admin)',
        querystring: z.object({
          month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM'),
          format: z.enum(['json', 'csv']).default('json'),
        }),
      },
    },
    async (req, reply) => {
      const admin = requireAdmin(req);
      const range = monthRange(req.query.month);
      if (!range) throw problem(400, 'invalid-request', 'month: expected YYYY-MM');
      const report = await centreReport(app.db.prisma, app.content, range, admin.centreId);
      reply.header('cache-control', 'no-store');
      if (req.query.format === 'json') return report;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${csvFileName(admin.centreId, range.month)}"`)
        .send(toCsv([report]));
    },
  );
};
