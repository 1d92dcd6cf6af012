import type { Content } from '../../content/load.js';
import type { Button, Language } from '../../bot/core/types.js';
import { translator } from '../../i18n/index.js';
import { fold, parseCommand, parseNumber, parseYesNo } from './input.js';
import { MAX_BACK, STATE_VERSION, type DialogState } from './state.js';
import type { Answer, Flow, FlowContext, Json, Next, Option, Step, Understanding } from './types.js';
import { NO_SERVICES, type FlowServices } from './services.js';

/** The conversation facts a turn may change besides the dialog state. */
export interface Session {
  language: Language | null;
  centreId: string | null;
}

export type TurnInput = { kind: 'start' } | { kind: 'message'; text: string; value?: string; nlu?: Understanding };

export interface Reply {
  text: string;
  buttons?: Button[];
}

export interface TurnResult {
  state: DialogState;
  session: Session;
  replies: Reply[];
}

export interface FlowRegistry {
  get(id: string): Flow;
  /** Flow that opens a conversation. */
  readonly welcome: string;
  /** Flow of the main menu (`end` and the "menu" command go there). */
  readonly menu: string;
  /** Flow that picks the language (the "language" command). */
  readonly language: string;
  /**
   * Where free text leads when the current step did not understand it: an intent's answer or
   * flow, "did you mean …?", or an offer to switch language. Null: not understood.
   */
  understand?(understanding: Understanding, ctx: FlowContext): Next | null;
  /** Flow offered after two misunderstandings in a row (a person). */
  readonly fallback?: string;
  /**
   * A button that acts wherever the conversation is (a reminder's "cancel", sent long after the
   * booking): where its value leads when it is not an option of the current step, or null.
   */
  action?(value: string): Next | null;
}

/** Language used before the citizen picked one: Greek, the language of the centres. */
const DEFAULT_LANGUAGE: Language = 'el';
const NOT_UNDERSTOOD_LIMIT = 2;

/**
 * Runs one turn of the dialog over (state, session, input) → (state, session, replies). The
 * engine itself does no I/O: steps reach the database only through `services`, so flows
 * without them are tested as transcripts with none.
 */
export async function runTurn(
  flows: FlowRegistry,
  content: Content,
  prior: DialogState | null,
  session: Session,
  input: TurnInput,
  services: FlowServices = NO_SERVICES,
): Promise<TurnResult> {
  const out: Reply[] = [];
  const next: Session = { ...session };
  let state: DialogState = prior ?? { v: STATE_VERSION, flow: flows.welcome, step: flows.get(flows.welcome).start, slots: {}, back: [], misunderstood: 0 };

  const context = (): FlowContext => {
    const lang = next.language ?? DEFAULT_LANGUAGE;
    return {
      lang,
      languageKnown: next.language !== null,
      centre: next.centreId ? (content.centres.get(next.centreId) ?? null) : null,
      content,
      t: translator(lang),
      slots: state.slots,
      say: (text, buttons) => out.push(buttons?.length ? { text, buttons } : { text }),
      setLanguage: (l) => (next.language = l),
      setCentre: (id) => (next.centreId = id),
      services,
    };
  };

  const stepOf = (s: DialogState): Step => {
    const step = flows.get(s.flow).steps[s.step];
    if (!step) throw new Error(`flow ${s.flow} has no step ${s.step}`);
    return step;
  };

  const shownButtons = (ctx: FlowContext, s: DialogState): Button[] => {
    const options = stepOf(s).options?.(ctx) ?? [];
    return [...options.map((o) => ({ title: o.label, value: o.value })), ...navigationButtons(ctx, s, flows)];
  };

  const ask = async (): Promise<void> => {
    const ctx = context();
    const step = stepOf(state);
    // A step may decide it has nothing to ask (e.g. the language is already known).
    const skipTo = await step.skip?.(ctx);
    if (skipTo) return go(skipTo, false);
    ctx.say(step.prompt(ctx), shownButtons(ctx, state));
  };

  const go = async (to: Next, remember: boolean): Promise<void> => {
    if ('wait' in to) return;
    if ('stay' in to) return ask();
    if (remember) state.back = [...state.back, { flow: state.flow, step: state.step, slots: state.slots }].slice(-MAX_BACK);
    if ('end' in to) state = { ...state, flow: flows.menu, step: flows.get(flows.menu).start, slots: {} };
    else if ('flow' in to) state = { ...state, flow: to.flow, step: to.step ?? flows.get(to.flow).start, slots: to.slots ?? {} };
    else state = { ...state, step: to.step };
    state.misunderstood = 0;
    await ask();
  };

  if (input.kind === 'start' || !prior) {
    state = { ...state, flow: flows.welcome, step: flows.get(flows.welcome).start, slots: {}, back: [] };
    await ask();
    return { state, session: next, replies: out };
  }

  let raw = (input.value ?? input.text).trim();
  // A number picks the button shown in that place (channels without buttons list them numbered).
  const shown = stepOf(state).expect === 'choice' ? shownButtons(context(), state) : [];
  const picked = parseNumber(raw);
  if (picked !== null && shown[picked - 1]) raw = shown[picked - 1]!.value;
  const command = parseCommand(raw);
  if (command === 'back') {
    const previous = state.back.at(-1);
    if (previous) state = { ...state, ...previous, back: state.back.slice(0, -1), misunderstood: 0 };
    await ask();
    return { state, session: next, replies: out };
  }
  if (command === 'menu' || command === 'cancel') {
    if (command === 'cancel') context().say(context().t('common:cancelled'));
    await go({ end: true }, false);
    state.back = [];
    return { state, session: next, replies: out };
  }
  if (command === 'language') {
    await go({ flow: flows.language }, true);
    return { state, session: next, replies: out };
  }
  if (command === 'restart') {
    state = { ...state, flow: flows.welcome, step: flows.get(flows.welcome).start, slots: {}, back: [] };
    await ask();
    return { state, session: next, replies: out };
  }

  const ctx = context();
  const step = stepOf(state);
  if (input.value && !(step.options?.(ctx) ?? []).some((o) => o.value === raw)) {
    const to = flows.action?.(raw) ?? null;
    if (to) {
      await go(to, true);
      return { state, session: next, replies: out };
    }
  }
  const answer = understand(step, ctx, raw);
  if (!answer && input.nlu && !input.value) {
    // Free text the step did not expect: the step itself, then the intent, may make sense of it.
    const to = (await step.onText?.(raw, input.nlu, ctx)) ?? flows.understand?.(input.nlu, ctx) ?? null;
    if (to) {
      await go(to, true);
      return { state, session: next, replies: out };
    }
  }
  const problem = answer ? (step.validate?.(answer, ctx) ?? null) : 'common:notUnderstood';
  if (!answer || problem) {
    state.misunderstood += 1;
    ctx.say(ctx.t(problem ?? 'common:notUnderstood'));
    if (!answer && state.misunderstood >= NOT_UNDERSTOOD_LIMIT && flows.fallback && state.flow !== flows.fallback) {
      // Two misses in a row: a person can help better.
      await go({ flow: flows.fallback }, true);
    } else if (!answer && state.misunderstood >= NOT_UNDERSTOOD_LIMIT && state.flow !== flows.menu) {
      // Two misses in a row: the menu is always the way out.
      await go({ end: true }, true);
    } else {
      await ask();
    }
    return { state, session: next, replies: out };
  }
  const to = await step.onAnswer(answer, ctx);
  await go(to, true);
  return { state, session: next, replies: out };
}

/** Back and menu buttons under every question except the menu itself. */
function navigationButtons(ctx: FlowContext, state: DialogState, flows: FlowRegistry): Button[] {
  if (state.flow === flows.menu || state.flow === flows.welcome) return [];
  return [{ title: ctx.t('common:buttons.menu'), value: 'cmd:menu' }];
}

/** Maps what the citizen sent to the answer the step expects, or null. */
function understand(step: Step, ctx: FlowContext, raw: string): Answer | null {
  if (raw === '') return null;
  if (step.expect === 'choice') {
    const option = matchOption(step.options?.(ctx) ?? [], raw);
    return option ? { kind: 'option', value: option.value } : null;
  }
  if (step.expect === 'yesno') {
    if (raw === 'yes' || raw === 'no') return { kind: 'yesno', yes: raw === 'yes' };
    const yes = parseYesNo(raw);
    return yes === null ? null : { kind: 'yesno', yes };
  }
  if (step.expect === 'number') {
    const n = parseNumber(raw);
    return n === null ? null : { kind: 'number', value: n };
  }
  return { kind: 'text', text: raw };
}

/** A button value, the option's number in the list, or its label typed out. */
export function matchOption(options: Option[], raw: string): Option | null {
  const byValue = options.find((o) => o.value === raw);
  if (byValue) return byValue;
  const n = parseNumber(raw);
  if (n !== null) return options[n - 1] ?? null;
  const folded = fold(raw);
  if (folded === '') return null;
  return options.find((o) => fold(o.label) === folded) ?? null;
}

export type { Json };
