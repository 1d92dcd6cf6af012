import { createInterface } from 'node:readline';
import { z } from 'zod';
import type { Language } from '../bot/core/types.js';
import type { IntentClassifier } from './classifier.js';

const lineSchema = z.object({ text: z.string() });

/**
 * `kentro nlu classify`: JSON lines in ({"text": "…"}), one JSON line out per input
 * ({"text","language","intent","score"}). A bad line gets an error line; the others go on.
 */
export async function classifyLines(classifier: IntentClassifier, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, lang?: Language): Promise<number> {
  let errors = 0;
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    let text: string;
    try {
      text = lineSchema.parse(JSON.parse(line)).text;
    } catch {
      errors++;
      output.write(JSON.stringify({ error: `line ${n}: expected a JSON object with a "text" string` }) + '\n');
      continue;
    }
    const c = await classifier.classify(text, lang ? { lang } : {});
    output.write(JSON.stringify({ text, language: c.language, intent: c.intent, score: Math.round(c.score * 1000) / 1000 }) + '\n');
  }
  return errors;
}
