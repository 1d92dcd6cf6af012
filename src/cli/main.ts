import { Command, Option } from 'commander';
import { loadEnv } from '../config/env.js';
import { StartupError } from '../config/errors.js';
import { ContentError, defaultContentDir, loadContent } from '../content/load.js';
import { openDb } from '../db/client.js';
import { migrate } from '../db/migrate.js';
import { startServer } from '../server/start.js';
import { tuneV8ForServer } from '../server/v8-tuning.js';
import { createStaff, newStaffSchema, STAFF_ROLES } from '../staff-api/staff.js';
import { readSecret } from './read-secret.js';
import { IntentClassifier } from '../nlu/classifier.js';
import { classifyLines } from '../nlu/classify-lines.js';
import { prepareRuntime } from '../server/runtime.js';
import { createCore } from '../bot/core/create.js';
import { createEmergencyCheck } from '../bot/safety/check.js';
import { loadHotlines } from '../bot/safety/hotlines.js';
import { runTerminalChat } from '../bot/channels/terminal/chat.js';
import { LANGUAGES, type Language } from '../bot/core/types.js';
import { registerTelegramCommands } from '../bot/channels/telegram/cli.js';
import { registerViberCommands } from '../bot/channels/viber/cli.js';
import { registerOutboxCommands } from '../bot/outbox/cli.js';
import { registerAppointmentCommands } from '../appointments/cli.js';
import { registerEligibilityCommands } from '../eligibility/cli.js';
import { registerPrivacyCommands } from '../privacy/cli.js';
import { privacyConfigFromEnv } from '../privacy/config.js';
import { registerBackupCommands } from '../backup/cli.js';
import { registerReportCommands } from '../reports/cli.js';

const program = new Command()
  .name('kentro')
  .description('kentro: the messaging intake assistant of Greek municipal Community Centres')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

program
  .command('serve')
  .description('run the service (web chat, channel webhooks, staff inbox) — migrations are applied first')
  .option('-p, --port <port>', 'port to listen on (default: PORT or 3000)')
  .action(async (opts: { port?: string }) => {
    const env = loadEnv(opts.port ? { ...process.env, PORT: opts.port } : process.env);
    tuneV8ForServer(env.DATABASE_URL);
    const server = await startServer(env);
    server.app.log.info(`kentro is listening on ${server.url} (${server.db.description})`);
    const stop = (signal: string) => {
      server.app.log.info(`${signal} received: finishing requests in flight and closing`);
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });

program
  .command('migrate')
  .description('apply pending database migrations (also done by serve at start-up)')
  .action(async () => {
    const env = loadEnv();
    const db = await openDb(env.DATABASE_URL);
    try {
      const applied = await migrate(db);
      console.log(applied.length ? `Applied ${applied.join(', ')} to ${db.description}` : `${db.description} is up to date`);
    } finally {
      await db.close();
    }
  });

const content = program.command('content').description('content of the centres (content/)');
content
  .command('validate')
  .description('check every content file; prints file, path and reason of each problem')
  .option('--dir <dir>', 'content folder', undefined)
  .action(async (opts: { dir?: string }) => {
    const env = loadEnv();
    const dir = opts.dir ?? env.CONTENT_DIR ?? defaultContentDir();
    // Every problem of every file at once, the help lines included.
    const [loaded, hotlines] = await Promise.allSettled([loadContent(dir), loadHotlines(dir)]);
    const failed = [loaded, hotlines].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    const other = failed.find((err) => !(err instanceof ContentError));
    if (other) throw other;
    if (loaded.status === 'rejected' || hotlines.status === 'rejected') throw new ContentError(failed.flatMap((err) => (err as ContentError).issues));
    console.log(
      `Content is valid: ${loaded.value.centres.size} centres (${[...loaded.value.centres.keys()].join(', ')}), ${loaded.value.programmes?.size ?? 0} programmes, ${hotlines.value.all.length} help lines${loaded.value.privacy ? `, privacy notice version ${loaded.value.privacy.version}` : ''}`,
    );
  });

program
  .command('chat')
  .description('chat with the bot in this terminal (buttons are numbered: type the number); reads one message per line when stdin is not a terminal')
  .option('--centre <id>', 'the centre to talk to (otherwise the bot asks)')
  .addOption(new Option('--lang <code>', 'language (otherwise the bot asks)').choices([...LANGUAGES]))
  .action(async (opts: { centre?: string; lang?: Language }) => {
    const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
    const hotlines = await loadHotlines(env.CONTENT_DIR ?? defaultContentDir());
    const { content, db } = await prepareRuntime(env);
    try {
      if (opts.centre && !content.centres.has(opts.centre)) {
        throw new StartupError(`Unknown centre "${opts.centre}"; one of: ${[...content.centres.keys()].join(', ')}`);
      }
      const core = await createCore(db, content, [createEmergencyCheck(hotlines)], { privacy: privacyConfigFromEnv(env) });
      await runTerminalChat({
        core,
        ...(opts.centre ? { centreId: opts.centre } : {}),
        ...(opts.lang ? { language: opts.lang } : {}),
        input: process.stdin,
        output: process.stdout,
        interactive: process.stdin.isTTY === true,
      });
    } finally {
      await db.close();
    }
  });

const nlu = program.command('nlu').description('understanding free text');
nlu
  .command('classify')
  .description('classify JSON lines {"text": "…"} from stdin; prints {"text","language","intent","score"} per line')
  .addOption(new Option('--lang <code>', 'force the language instead of detecting it').choices([...LANGUAGES]))
  .action(async (opts: { lang?: Language }) => {
    const classifier = await IntentClassifier.create();
    await classifyLines(classifier, process.stdin, process.stdout, opts.lang);
  });

const staff = program.command('staff').description('staff accounts of the inbox');
staff
  .command('create')
  .description('create a staff account; the password is read from stdin (prompted without echo on a terminal)')
  .requiredOption('--email <email>', 'login email')
  .requiredOption('--name <name>', 'display name')
  .addOption(new Option('--role <role>', 'role').choices([...STAFF_ROLES]).makeOptionMandatory())
  .requiredOption('--centre <id>', 'centre id, e.g. thira')
  .action(async (opts: { email: string; name: string; role: string; centre: string }) => {
    const parsed = newStaffSchema.safeParse({ email: opts.email, name: opts.name, role: opts.role, centreId: opts.centre });
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new StartupError(`Invalid --${String(issue.path[0] === 'centreId' ? 'centre' : issue.path[0])}: ${issue.message}`);
    }
    const env = loadEnv();
    const password = await readSecret('Password: ');
    const { db } = await prepareRuntime(env);
    try {
      const created = await createStaff(db.prisma, parsed.data, password);
      console.log(`Created ${created.role} ${created.email} for centre ${created.centreId}`);
    } finally {
      await db.close();
    }
  });

registerTelegramCommands(program);
registerViberCommands(program);
registerOutboxCommands(program);
registerAppointmentCommands(program);
registerEligibilityCommands(program);
registerPrivacyCommands(program);
registerBackupCommands(program);
registerReportCommands(program);

/** Operator errors are one line and exit code 1; anything else is a bug and keeps its stack. */
function fail(err: unknown): never {
  if (err instanceof StartupError || err instanceof ContentError) {
    console.error(`kentro: ${err.message}`);
  } else if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE') {
    console.error(`kentro: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exit(1);
}

// `kentro chat | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

export async function main(argv: string[]): Promise<void> {
  await program.parseAsync(argv).catch(fail);
}

await main(process.argv);
