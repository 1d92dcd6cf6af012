import { evaluateEligibility, nextQuestion, type Answers } from '../../../eligibility/engine.js';
import { defaultRules, type ProgrammeRules, type Question } from '../../../eligibility/load.js';
import { SCREENED_PROGRAMMES, type ScreenedProgramme } from '../../../eligibility/schema.js';
import type { Answer, Flow, FlowContext, Json, Next } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { DONT_KNOW, interpret, interpretCount, questionOptions } from './answers.js';
import { programmeName, resultMessages } from './result.js';

export function screenerFlowId(programme: ScreenedProgramme): string {
  return `eligibility-${programme}`;
}

/** Slots of a running screener: the answers so far (null = "I don't know") and the question asked. */
function answersOf(ctx: FlowContext): Answers {
  const raw = ctx.slots.answers;
  const out: Answers = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'number' || typeof v === 'boolean' || v === null) out[k] = v;
  }
  return out;
}

const textOf = (answer: Answer): string => (answer.kind === 'text' ? answer.text : answer.kind === 'option' ? answer.value : '');

/**
 * The eligibility screener of one programme: the questions of its rules file, one per message,
 * only those that can still change the result, then the indicative result and the offer of an
 * appointment or a person. Every answer makes new slots (never edits them), so "back" returns
 * to the previous question with the answers as they were.
 */
export function screenerFlow(programme: ScreenedProgramme, rulesOf: () => ProgrammeRules = () => defaultRules().get(programme)!): Flow {
  const id = screenerFlowId(programme);

  const question = (ctx: FlowContext): Question => {
    const rules = rulesOf();
    return rules.questions.find((q) => q.key === ctx.slots.key) ?? rules.questions[0]!;
  };
  const advance = (answers: Answers): Next => {
    const q = nextQuestion(rulesOf(), answers);
    const slots: Record<string, Json> = { answers };
    return q ? { flow: id, step: 'ask', slots: { ...slots, key: q.key } } : { flow: id, step: 'result', slots };
  };
  const record = (ctx: FlowContext, value: Answers[string]): Next => advance({ ...answersOf(ctx), [question(ctx).key]: value });

  return {
    id,
    start: 'intro',
    steps: {
      intro: actionStep((ctx) => {
        ctx.say(ctx.t('eligibility:intro', { programme: programmeName(ctx, programme), count: rulesOf().questions.length }));
        return advance({});
      }),
      ask: {
        // Typed amounts and counts are values, not button numbers: the step reads the text itself.
        expect: 'text',
        prompt: (ctx) => {
          const q = question(ctx);
          const hint = q.type === 'money' ? `\n${ctx.t('eligibility:hints.money')}` : '';
          return `${ctx.t(`eligibility:questions.${q.key}`)}${hint}`;
        },
        options: (ctx) => questionOptions(question(ctx), ctx),
        validate: (answer, ctx) => (interpret(question(ctx), textOf(answer), ctx) ? null : `eligibility:invalid.${question(ctx).type}`),
        onAnswer: (answer, ctx) => {
          const read = interpret(question(ctx), textOf(answer), ctx);
          if (!read) return { stay: true };
          if ('more' in read) return { step: 'more' };
          return record(ctx, read.value);
        },
      },
      more: {
        expect: 'text',
        prompt: (ctx) => ctx.t('eligibility:more'),
        options: (ctx) => [{ value: DONT_KNOW, label: ctx.t('eligibility:buttons.dontKnow') }],
        validate: (answer, ctx) => (interpretCount(question(ctx), textOf(answer)) === undefined ? 'eligibility:invalid.count' : null),
        onAnswer: (answer, ctx) => record(ctx, interpretCount(question(ctx), textOf(answer)) ?? null),
      },
      result: actionStep(async (ctx) => {
        const given = answersOf(ctx);
        const rules = rulesOf();
        const ev = evaluateEligibility(rules, given);
        for (const message of resultMessages(ctx, rules, ev, given)) ctx.say(message);
        // Codes only, for the monthly reports (src/reports): never the answers.
        await ctx.services.eligibility?.recordResult({ centreId: ctx.centre?.id ?? null, programme, result: ev.result });
        return { step: 'offer' };
      }),
      offer: {
        expect: 'choice',
        prompt: (ctx) => ctx.t('eligibility:offer.next'),
        options: (ctx) => [
          { value: 'go:appointments', label: ctx.t('eligibility:buttons.book') },
          { value: 'go:person', label: ctx.t('eligibility:buttons.person') },
          { value: 'go:programmes', label: ctx.t('eligibility:buttons.otherProgrammes') },
        ],
        onAnswer: (answer) => {
          const to = answer.kind === 'option' ? answer.value.slice('go:'.length) : 'person';
          return { flow: to };
        },
      },
    },
  };
}

export const SCREENER_FLOWS: Flow[] = SCREENED_PROGRAMMES.map((p) => screenerFlow(p));
