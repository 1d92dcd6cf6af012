import { Option, type Command } from 'commander';
import { loadEnv } from '../config/env.js';
import { StartupError } from '../config/errors.js';
import { useHolidaysFrom } from '../appointments/holidays-content.js';
import { prepareRuntime } from '../server/runtime.js';
import { allCentresReports, centreReport } from './build.js';
import { toCsv } from './csv.js';
import { monthRange } from './month.js';

/** `kentro report`: a month's indicators of a centre, or of every centre for an operator. */
export function registerReportCommands(program: Command): void {
  program
    .command('report')
    .description('monthly indicators of a centre (aggregates only; counts 1–4 shown as "<5"), as CSV for Excel or JSON, on stdout')
    .requiredOption('--centre <id>', 'the centre, or "all" for each centre and all together')
    .requiredOption('--month <YYYY-MM>', 'the month, in Europe/Athens time')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'json']).default('csv'))
    .action(async (opts: { centre: string; month: string; format: 'csv' | 'json' }) => {
      const range = monthRange(opts.month);
      if (!range) throw new StartupError(`Invalid --month "${opts.month}": expected YYYY-MM`);
      const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      useHolidaysFrom(env.CONTENT_DIR);
      const { content, db } = await prepareRuntime(env);
      try {
        if (opts.centre !== 'all' && !content.centres.has(opts.centre)) {
          throw new StartupError(`Unknown centre "${opts.centre}"; one of: all, ${[...content.centres.keys()].join(', ')}`);
        }
        const reports = opts.centre === 'all' ? await allCentresReports(db.prisma, content, range) : [await centreReport(db.prisma, content, range, opts.centre)];
        process.stdout.write(opts.format === 'csv' ? toCsv(reports) : `${JSON.stringify(opts.centre === 'all' ? reports : reports[0], null, 2)}\n`);
      } finally {
        await db.close();
      }
    });
}
