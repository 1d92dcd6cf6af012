import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDanger } from '../../../src/bot/safety/detect.js';
import { projectPath } from '../../../src/config/paths.js';

/**
 * The NLU corpus (src/nlu/corpus) is written independently, as citizens would: its `emergency`
 * utterances must raise the alarm, and the other intents' (questions about benefits, hours,
 * appointments…) must not. Psychosocial support and "talk to a person" may go either way.
 */
const FORMS = ['el', 'greeklish', 'en', 'ar', 'fa', 'uk', 'fr'] as const;
const EITHER = new Set(['emergency', 'psychosocial_support', 'human_handoff']);

function corpus(): { emergency: string[]; ordinary: string[] } {
  const emergency: string[] = [];
  const ordinary: string[] = [];
  for (const part of ['train', 'heldout']) {
    for (const form of FORMS) {
      const data = JSON.parse(readFileSync(projectPath('src', 'nlu', 'corpus', part, `${form}.json`), 'utf8')) as Record<string, string[]>;
      emergency.push(...(data.emergency ?? []));
      for (const [intent, utterances] of Object.entries(data)) if (!EITHER.has(intent)) ordinary.push(...utterances);
    }
  }
  return { emergency, ordinary };
}

describe('the NLU corpus read by the emergency check', () => {
  const { emergency, ordinary } = corpus();

  it('raises the alarm for nearly every emergency utterance', () => {
    const missed = emergency.filter((text) => detectDanger(text) === null);
    expect(emergency.length).toBeGreaterThan(300);
    expect(missed.length / emergency.length, missed.join('\n')).toBeLessThanOrEqual(0.03);
  });

  it('stays quiet for nearly every ordinary question', () => {
    const alarms = ordinary.filter((text) => detectDanger(text) !== null);
    expect(ordinary.length).toBeGreaterThan(5000);
    expect(alarms.length / ordinary.length, alarms.join('\n')).toBeLessThanOrEqual(0.002);
  });
});
