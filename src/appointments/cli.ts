import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { loadEnv } from '../config/env.js';
import { StartupError } from '../config/errors.js';
import { defaultContentDir, loadContent } from '../content/load.js';
import { prepareRuntime } from '../server/runtime.js';
import { AppointmentService } from './service.js';
import { CENTRE_LOCATION, isLocation, isoOf } from './slots.js';
import { greekHolidays, HOLIDAY_NAMES } from './holidays.js';
import { holidayOverrides, useHolidaysFrom } from './holidays-content.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DAYS = 366;

function day(value: string, option: string): DateTime {
  const d = DATE.test(value) ? DateTime.fromISO(value, { zone: 'UTC' }) : null;
  if (!d?.isValid) throw new StartupError(`Invalid --${option} "${value}": expected a date YYYY-MM-DD`);
  return d;
}

/** `kentro appointments …`: the free slots of a centre or of its mobile unit's islands. */
export function registerAppointmentCommands(program: Command): void {
  const appointments = program.command('appointments').description('appointments: free slots of a centre and its mobile unit');

  appointments
    .command('slots')
    .description('the free slots (working days, within hours, not full, not past) between two dates, in Europe/Athens time')
    .requiredOption('--centre <id>', 'the centre')
    .option('--location <island>', "an island of the centre's mobile unit (default: the centre itself)")
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (inclusive)')
    .option('--json', 'a JSON array of {"start","end"} in ISO 8601 with the offset')
    .action(async (opts: { centre: string; location?: string; from: string; to: string; json?: boolean }) => {
      const from = day(opts.from, 'from');
      const to = day(opts.to, 'to');
      if (to < from) throw new StartupError('--to must not be before --from');
      if (to.diff(from, 'days').days >= MAX_DAYS) throw new StartupError(`at most ${MAX_DAYS} days at once`);
      const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      useHolidaysFrom(env.CONTENT_DIR);
      const { content, db } = await prepareRuntime(env);
      try {
        const centre = content.centres.get(opts.centre);
        if (!centre) throw new StartupError(`Unknown centre "${opts.centre}"; one of: ${[...content.centres.keys()].join(', ')}`);
        const location = opts.location ?? CENTRE_LOCATION;
        if (!isLocation(centre, location)) {
          const islands = centre.mobileUnit?.islands.map((i) => i.id) ?? [];
          throw new StartupError(`Unknown location "${location}" for ${centre.id}; ${islands.length ? `its islands: ${islands.join(', ')}` : 'it has no mobile unit'}`);
        }
        const slots = await new AppointmentService(db, content).freeSlots(centre.id, location, opts.from, opts.to);
        if (opts.json) {
          console.log(JSON.stringify(slots.map((s) => ({ start: isoOf(s.start), end: isoOf(s.end) }))));
          return;
        }
        if (slots.length === 0) return console.log(`No free slots at ${centre.id}${location === CENTRE_LOCATION ? '' : ` (${location})`} from ${opts.from} to ${opts.to}.`);
        const byDay = new Map<string, string[]>();
        for (const s of slots) {
          const key = s.start.setLocale('en').toFormat('yyyy-MM-dd ccc');
          byDay.set(key, [...(byDay.get(key) ?? []), s.start.toFormat('HH:mm')]);
        }
        console.log(`Free slots at ${centre.id}${location === CENTRE_LOCATION ? '' : ` (${location})`}, ${centre.slotMinutes} minutes each, ${centre.timezone} time:`);
        for (const [d, times] of byDay) console.log(`${d}  ${times.join(' ')}`);
      } finally {
        await db.close();
      }
    });
  appointments
    .command('holidays')
    .description('the public holidays of a year (fixed, Orthodox Easter-based, content/holidays.yaml) and a centre’s feast day and closures')
    .requiredOption('--year <year>', 'the year, 1900–2099')
    .option('--centre <id>', "add the centre's feast day and dated closures")
    .action(async (opts: { year: string; centre?: string }) => {
      const year = Number(opts.year);
      if (!Number.isInteger(year) || year < 1900 || year > 2099) throw new StartupError(`Invalid --year "${opts.year}": expected 1900–2099`);
      const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const lines = greekHolidays(year, holidayOverrides(env.CONTENT_DIR ?? undefined)).map(
        (h) => `${h.date}  ${HOLIDAY_NAMES[h.key].el} (${HOLIDAY_NAMES[h.key].en})${h.unconfirmed ? '  [unconfirmed]' : ''}`,
      );
      if (opts.centre) {
        const centre = (await loadContent(env.CONTENT_DIR ?? defaultContentDir())).centres.get(opts.centre);
        if (!centre) throw new StartupError(`Unknown centre "${opts.centre}"`);
        if (centre.feastDay) lines.push(`${year}-${centre.feastDay.date}  ${centre.feastDay.name.el} (${centre.feastDay.name.en})${centre.feastDay.unconfirmed ? '  [unconfirmed]' : ''}`);
        for (const c of centre.closures.filter((c) => c.from.startsWith(`${year}-`) || (c.to ?? c.from).startsWith(`${year}-`))) {
          lines.push(`${c.from}${c.to && c.to !== c.from ? `…${c.to}` : ''}  ${c.reason.el}${c.location ? ` (${c.location})` : ''}${c.unconfirmed ? '  [unconfirmed]' : ''}`);
        }
        lines.sort();
      }
      for (const line of lines) console.log(line);
    });
}
