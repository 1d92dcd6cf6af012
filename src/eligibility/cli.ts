import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { z } from 'zod';
import { loadEnv } from '../config/env.js';
import { defaultContentDir } from '../content/load.js';
import { evaluateEligibility } from './engine.js';
import { loadRules, type ProgrammeRules } from './load.js';
import { SCREENED_PROGRAMMES, type ScreenedProgramme } from './schema.js';
import { checkLine } from './words.js';

const lineSchema = z.object({
  programme: z.string({ error: 'expected "programme" as a string' }),
  answers: z.record(z.string(), z.unknown(), { error: 'expected "answers" as an object' }).default({}),
});

/**
 * `kentro eligibility check`: JSON lines in (`{"programme": "gmi", "answers": {…}}`), one JSON
 * line out per input (`{"programme","result","monthlyAmount","guaranteedAmount","reasons","rulesVersion"}`).
 * A bad line gets `{"error": "line N: …"}`; the others go on. Returns the number of bad lines.
 */
export async function checkLines(rules: ReadonlyMap<ScreenedProgramme, ProgrammeRules>, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  let errors = 0;
  let n = 0;
  const fail = (message: string): void => {
    errors++;
    output.write(JSON.stringify({ error: `line ${n}: ${message}` }) + '\n');
  };
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      fail('not valid JSON');
      continue;
    }
    const parsed = lineSchema.safeParse(json);
    if (!parsed.success) {
      fail(`expected {"programme": "…", "answers": {…}}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    const programmeRules = rules.get(parsed.data.programme as ScreenedProgramme);
    if (!programmeRules) {
      fail(`unknown programme "${parsed.data.programme}" (one of: ${SCREENED_PROGRAMMES.join(', ')})`);
      continue;
    }
    output.write(JSON.stringify(checkLine(evaluateEligibility(programmeRules, parsed.data.answers))) + '\n');
  }
  return errors;
}

export function registerEligibilityCommands(program: Command): void {
  const eligibility = program.command('eligibility').description('indicative eligibility checks (rules in content/rules/)');
  eligibility
    .command('check')
    .description('check JSON lines {"programme","answers"} from stdin; prints {"programme","result","monthlyAmount","guaranteedAmount","reasons","rulesVersion"} per line')
    .option('--dir <dir>', 'content folder (default: CONTENT_DIR or the install\'s content/)')
    .action(async (opts: { dir?: string }) => {
      const env = loadEnv();
      const rules = loadRules(opts.dir ?? env.CONTENT_DIR ?? defaultContentDir());
      await checkLines(rules, process.stdin, process.stdout);
    });
}
