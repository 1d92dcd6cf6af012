import type { Language } from '../../src/bot/core/types.js';
import { runTurn, type Reply } from '../../src/dialogs/engine/engine.js';
import type { DialogState } from '../../src/dialogs/engine/state.js';
import { createFlowRegistry } from '../../src/dialogs/registry.js';
import { evaluateEligibility, type Evaluation } from '../../src/eligibility/engine.js';
import { defaultRules } from '../../src/eligibility/load.js';
import type { ScreenedProgramme } from '../../src/eligibility/schema.js';
import { shippedContent } from '../support/transcript.js';

/** Evaluates answers against the shipped rules of a programme. */
export function check(programme: ScreenedProgramme, answers: Record<string, unknown>): Evaluation {
  return evaluateEligibility(defaultRules().get(programme)!, answers);
}

export const codes = (ev: Evaluation): string[] => ev.reasons.map((r) => r.code);

/** The answer keys the result names as missing ("We still need to know: …"). */
export const missingKeys = (ev: Evaluation): string[] => ev.reasons.filter((r) => r.code === 'missing_answer').map((r) => r.answer!);

/** A GMI household with everything answered and nothing owned: override what the story needs. */
export const gmiHousehold = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  adults: 1,
  minors: 0,
  income6m: 0,
  legalResidence: true,
  realEstate: 0,
  vehicles: 0,
  deposits: 0,
  ...over,
});

/**
 * One free-text turn the classifier read as `intent` (the transcript helper's `say` carries no
 * classification): the conversation opens with the menu, then the citizen writes `text`.
 */
export async function askedFreely(language: Language, intent: string, text: string): Promise<{ replies: Reply[]; state: DialogState }> {
  const flows = createFlowRegistry();
  const content = await shippedContent();
  const session = { language, centreId: 'thira' };
  const opened = await runTurn(flows, content, null, session, { kind: 'start' });
  const nlu = { intent, score: 0.95, alternatives: [{ intent, score: 0.95 }], language, languageConfident: true };
  const { replies, state } = await runTurn(flows, content, opened.state, opened.session, { kind: 'message', text, nlu });
  return { replies, state };
}
