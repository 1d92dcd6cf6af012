import {
  answersFrom, CONTACT_TIMES, hasAnything, INTERPRETER_LANGUAGES, NEEDS, VULNERABLE_GROUPS, type IntakeAnswers,
} from '../../../intake/answers.js';
import { formatPhone, parsePhone } from '../../../intake/phone.js';
import { matchOption } from '../../engine/engine.js';
import { fold, parseNumber } from '../../engine/input.js';
import type { Answer, Flow, FlowContext, Json, Next, Option, Step } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { CONSENT_FLOW, consentUnavailable } from '../consent/index.js';
import { LANGUAGE_NAMES } from '../languages.js';
import { interpreterText, summaryText } from './summary.js';

export const INTAKE_FLOW = 'intake';

const SKIP = 'intake:skip';
const KEEP = 'intake:keep';
const HERE = 'intake:here';
const DONE = 'intake:done';
const OTHER = 'intake:other';
const NO = 'intake:no';
const MENU = 'cmd:menu';

/** The questions in order; "special" is the consent asked before the sensitive one. */
const ORDER = ['name', 'phone', 'area', 'adults', 'children', 'needs', 'special', 'vulnerable', 'interpreter', 'contactTime', 'summary'] as const;
type StepId = (typeof ORDER)[number];

/** Slots: `a` the answers so far, `again` a case existed, `edit` one field is being corrected. */
const answersOf = (ctx: FlowContext): IntakeAnswers => answersFrom(ctx.slots.a);

function toJson(a: IntakeAnswers): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(a) as [string, Json | undefined][]) if (value !== undefined) out[key] = value;
  return out;
}

/** The step after `from`: the next question, or the summary while correcting one answer. */
function nextStep(from: StepId, ctx: FlowContext): StepId {
  if (from === 'adults') return 'children';
  if (from === 'special') return 'vulnerable';
  if (ctx.slots.edit === true) return 'summary';
  return ORDER[ORDER.indexOf(from) + 1] ?? 'summary';
}

/** Every answer makes new slots (never edits the old ones), so "back" finds them as they were. */
function advance(from: StepId, ctx: FlowContext, patch: Partial<IntakeAnswers> = {}): Next {
  return { flow: INTAKE_FLOW, step: nextStep(from, ctx), slots: { ...ctx.slots, a: toJson({ ...answersOf(ctx), ...patch }) } };
}

const rawOf = (answer: Answer): string => (answer.kind === 'text' ? answer.text : answer.kind === 'option' ? answer.value : '');

/** "skip" as the button, its label, or a skip word of the citizen's language. */
function isSkip(raw: string, ctx: FlowContext): boolean {
  if (raw === SKIP) return true;
  const f = fold(raw);
  const words = `${ctx.t('intake:skipWords')},skip,${ctx.t('intake:buttons.skip')}`.split(',').map(fold);
  return words.includes(f);
}

/**
 * The number of the "Main menu" button, which the engine adds after a step's own options
 * (channels without buttons list them all numbered): on free-text steps the step reads it.
 */
const isMenuNumber = (raw: string, options: Option[]): boolean => parseNumber(raw) === options.length + 1;

type Read = { patch: Partial<IntakeAnswers> } | { keep: true } | { step: StepId | 'interpreterOther' } | { menu: true } | null;

interface Question {
  prompt(ctx: FlowContext): string;
  /** Buttons before "keep" and "skip". */
  extra?(ctx: FlowContext): Option[];
  /** Whether a typed number picks a button (not where numbers are the answer). */
  numbered: boolean;
  /** The answer read from a button value or free text; null when it cannot be used. */
  parse(value: string, ctx: FlowContext): Read;
  /** What skipping stores. */
  skipped: Partial<IntakeAnswers>;
  invalid: string;
  /** The current answer as the citizen reads it, when there is one (a "keep" button then). */
  shown(a: IntakeAnswers, ctx: FlowContext): string | null;
}

/** One question: free text or its buttons, "skip" and, with an answer already given, "keep". */
function question(id: StepId, q: Question): Step {
  const options = (ctx: FlowContext): Option[] => [
    ...(q.extra?.(ctx) ?? []),
    ...(q.shown(answersOf(ctx), ctx) !== null ? [{ value: KEEP, label: ctx.t('intake:buttons.keep') }] : []),
    { value: SKIP, label: ctx.t('intake:buttons.skip') },
  ];
  const read = (raw: string, ctx: FlowContext): Read => {
    const shown = options(ctx);
    if (q.numbered && isMenuNumber(raw, shown)) return { menu: true };
    const picked = q.numbered ? matchOption(shown, raw) : (shown.find((o) => o.value === raw || fold(o.label) === fold(raw)) ?? null);
    const value = picked?.value ?? raw;
    if (isSkip(value, ctx)) return { patch: q.skipped };
    if (value === KEEP) return { keep: true };
    return q.parse(value, ctx);
  };
  return {
    expect: 'text',
    prompt: (ctx) => {
      const now = q.shown(answersOf(ctx), ctx);
      return now === null ? q.prompt(ctx) : `${q.prompt(ctx)}\n${ctx.t('intake:now', { value: now })}`;
    },
    options,
    validate: (answer, ctx) => (read(rawOf(answer), ctx) ? null : q.invalid),
    onAnswer: (answer, ctx) => {
      const r = read(rawOf(answer), ctx);
      if (!r) return { stay: true };
      if ('menu' in r) return { end: true };
      if ('keep' in r) return advance(id, ctx);
      if ('step' in r) return { step: r.step };
      return advance(id, ctx, r.patch);
    },
  };
}

/** Free text of a sensible length, or null; never a button's value (an old button pressed late). */
const shortText = (value: string, max: number): string | null => {
  const t = value.replace(/\s+/g, ' ').trim();
  return t.length >= 1 && t.length <= max && !/^[a-z_]+:[\w:-]*$/.test(t) ? t : null;
};

const countQuestion = (field: 'adults' | 'children'): Question => ({
  prompt: (ctx) => ctx.t(`intake:questions.${field}`),
  numbered: false,
  parse: (value) => {
    const n = parseNumber(value);
    return n !== null && n <= 30 ? { patch: { [field]: n } } : null;
  },
  skipped: { [field]: null },
  invalid: 'intake:invalid.count',
  shown: (a) => (a[field] == null ? null : String(a[field])),
});

/** Several choices with ✓, then "done": needs and vulnerable groups. */
function multiSelect(id: 'needs' | 'vulnerable', items: readonly string[], ns: string): Step {
  const selected = (ctx: FlowContext): string[] => (answersOf(ctx)[id] as string[] | null | undefined) ?? [];
  const options = (ctx: FlowContext): Option[] => {
    const chosen = selected(ctx);
    return [
      ...items.map((item) => ({ value: `${id}:${item}`, label: `${chosen.includes(item) ? '✓ ' : ''}${ctx.t(`intake:${ns}.${item}`)}` })),
      { value: DONE, label: ctx.t('intake:buttons.done') },
      { value: SKIP, label: ctx.t('intake:buttons.skip') },
    ];
  };
  const read = (raw: string, ctx: FlowContext): string | null => {
    if (isMenuNumber(raw, options(ctx))) return MENU;
    const plain = items.map((item) => ({ value: `${id}:${item}`, label: ctx.t(`intake:${ns}.${item}`) }));
    const picked = matchOption(options(ctx), raw) ?? plain.find((o) => fold(o.label) === fold(raw)) ?? null;
    if (picked) return picked.value;
    return isSkip(raw, ctx) ? SKIP : null;
  };
  return {
    expect: 'text',
    prompt: (ctx) => ctx.t(`intake:questions.${id}`),
    options,
    validate: (answer, ctx) => (read(rawOf(answer), ctx) ? null : 'intake:invalid.choice'),
    onAnswer: (answer, ctx) => {
      const value = read(rawOf(answer), ctx);
      if (value === MENU) return { end: true };
      if (value === SKIP) return advance(id, ctx, { [id]: null });
      if (value === DONE || value === null) {
        const chosen = selected(ctx);
        return advance(id, ctx, { [id]: chosen.length ? chosen : null });
      }
      // A toggle: the same question again with the new selection (kept in this step's slots).
      const item = value.slice(id.length + 1);
      const chosen = selected(ctx);
      const next = chosen.includes(item) ? chosen.filter((c) => c !== item) : [...items.filter((i) => i === item || chosen.includes(i))];
      ctx.slots.a = toJson({ ...answersOf(ctx), [id]: next });
      // Telling us about violence may mean danger now: the emergency number comes at once.
      if (item === 'violence' && next.includes(item)) ctx.say(ctx.t('intake:violenceNote'));
      return { stay: true };
    },
  };
}

const summary: Step = {
  expect: 'choice',
  prompt: (ctx) => `${summaryText(answersOf(ctx), ctx)}\n\n${ctx.t('intake:summary.question')}`,
  options: (ctx) => [
    { value: 'intake:confirm', label: ctx.t('intake:buttons.confirm') },
    { value: 'intake:edit', label: ctx.t('intake:buttons.edit') },
    { value: 'intake:discard', label: ctx.t('intake:buttons.discard') },
  ],
  onAnswer: async (answer, ctx) => {
    const value = answer.kind === 'option' ? answer.value : '';
    if (value === 'intake:edit') return { step: 'pick' };
    if (value === 'intake:discard') {
      ctx.say(ctx.t(ctx.slots.again === true ? 'intake:discardedKept' : 'intake:discarded'));
      return { end: true };
    }
    const a = answersOf(ctx);
    const { intake } = ctx.services;
    if (!intake || !ctx.centre) return consentUnavailable(ctx);
    if (!hasAnything(a) && ctx.slots.again !== true) {
      ctx.say(ctx.t('intake:nothing'));
      return { end: true };
    }
    await intake.save(a, { centreId: ctx.centre.id, language: ctx.lang });
    ctx.say(ctx.t('intake:saved'));
    return { end: true };
  },
};

const PICKABLE: Record<string, StepId> = { name: 'name', phone: 'phone', area: 'area', household: 'adults', needs: 'needs', vulnerable: 'special', interpreter: 'interpreter', contactTime: 'contactTime' };

const pick: Step = {
  expect: 'choice',
  prompt: (ctx) => ctx.t('intake:pick'),
  options: (ctx) => Object.keys(PICKABLE).map((key) => ({ value: `intake:pick:${key}`, label: ctx.t(`intake:summary.labels.${key}`) })),
  onAnswer: (answer, ctx) => {
    const key = answer.kind === 'option' ? answer.value.slice('intake:pick:'.length) : '';
    return { flow: INTAKE_FLOW, step: PICKABLE[key] ?? 'summary', slots: { ...ctx.slots, edit: true } };
  },
};

const steps: Record<string, Step> = {
  // Nothing personal is asked before consent: without it, the privacy notice comes first.
  start: actionStep(async (ctx) => {
    const { consent, intake } = ctx.services;
    if (!consent || !intake || !ctx.content.privacy) return consentUnavailable(ctx);
    if (!ctx.centre) {
      ctx.say(ctx.t('intake:noCentre'));
      return { flow: 'centre-choice' };
    }
    if (!(await consent.granted())) return { flow: CONSENT_FLOW, slots: { then: INTAKE_FLOW } };
    const current = await intake.current(ctx.centre.id);
    return { flow: INTAKE_FLOW, step: 'intro', slots: { a: toJson(current?.answers ?? {}), again: current !== null } };
  }),
  intro: {
    expect: 'text',
    prompt: (ctx) => ctx.t(ctx.slots.again === true ? 'intake:introAgain' : 'intake:intro'),
    options: (ctx) => [
      ...(ctx.slots.again === true ? [{ value: 'intake:review', label: ctx.t('intake:buttons.review') }] : []),
      { value: 'intake:start', label: ctx.t(ctx.slots.again === true ? 'intake:buttons.again' : 'intake:buttons.start') },
      { value: 'intake:later', label: ctx.t('intake:buttons.later') },
    ],
    validate: (answer, ctx) => (introChoice(rawOf(answer), ctx) ? null : 'intake:invalid.choice'),
    onAnswer: (answer, ctx) => {
      const choice = introChoice(rawOf(answer), ctx);
      if (choice === 'intake:review') return { step: 'summary' };
      if (choice === 'intake:start') return { step: 'name' };
      // The whole questionnaire skipped: nothing is stored.
      ctx.say(ctx.t('intake:later'));
      return { end: true };
    },
  },
  name: question('name', {
    prompt: (ctx) => ctx.t('intake:questions.name'),
    numbered: true,
    parse: (value) => {
      const name = shortText(value, 80);
      // A question or a long sentence is not a name (the citizen asked something else).
      return name && !/[?;؟;]/.test(name) && name.split(' ').length <= 6 ? { patch: { name } } : null;
    },
    skipped: { name: null },
    invalid: 'intake:invalid.name',
    shown: (a) => a.name ?? null,
  }),
  phone: question('phone', {
    prompt: (ctx) => ctx.t('intake:questions.phone'),
    extra: (ctx) => [{ value: HERE, label: ctx.t('intake:buttons.here') }],
    numbered: true,
    parse: (value) => {
      if (value === HERE) return { patch: { phone: null, reachHere: true } };
      const phone = parsePhone(value);
      return phone ? { patch: { phone, reachHere: false } } : null;
    },
    skipped: { phone: null, reachHere: false },
    invalid: 'intake:invalid.phone',
    shown: (a, ctx) => (a.phone ? formatPhone(a.phone) : a.reachHere ? ctx.t('intake:summary.reachHere') : null),
  }),
  area: question('area', {
    prompt: (ctx) => ctx.t('intake:questions.area'),
    extra: (ctx) => areaOptions(ctx),
    numbered: true,
    parse: (value, ctx) => {
      const area = areaOptions(ctx).find((o) => o.value === value)?.label ?? shortText(value, 100);
      return area ? { patch: { area } } : null;
    },
    skipped: { area: null },
    invalid: 'intake:invalid.area',
    shown: (a) => a.area ?? null,
  }),
  adults: question('adults', countQuestion('adults')),
  children: question('children', countQuestion('children')),
  needs: multiSelect('needs', NEEDS, 'needs'),
  // Special-category data has its own explicit consent, asked only here and only once.
  special: {
    expect: 'choice',
    skip: async (ctx) => {
      const consent = ctx.services.consent;
      if (!consent) return consentUnavailable(ctx);
      return (await consent.granted('special')) ? { flow: INTAKE_FLOW, step: 'vulnerable', slots: ctx.slots } : null;
    },
    prompt: (ctx) => `${specialText(ctx)}\n\n${ctx.t('consent:special.question')}`,
    options: (ctx) => [
      { value: 'special:yes', label: ctx.t('consent:special.accept') },
      { value: 'special:no', label: ctx.t('consent:special.decline') },
    ],
    onAnswer: async (answer, ctx) => {
      const consent = ctx.services.consent;
      if (!consent) return consentUnavailable(ctx);
      const yes = answer.kind === 'option' && answer.value === 'special:yes';
      await consent.record(yes, ctx.lang, 'special');
      return yes ? advance('special', ctx) : advance('vulnerable', ctx, { vulnerable: null });
    },
  },
  vulnerable: multiSelect('vulnerable', VULNERABLE_GROUPS, 'groups'),
  interpreter: question('interpreter', {
    prompt: (ctx) => ctx.t('intake:questions.interpreter'),
    extra: (ctx) => [
      { value: NO, label: ctx.t('intake:buttons.noInterpreter') },
      // The citizen's own language first: the likeliest answer.
      ...[...INTERPRETER_LANGUAGES].sort((x, y) => Number(y === ctx.lang) - Number(x === ctx.lang)).map((l) => ({ value: `interpreter:${l}`, label: LANGUAGE_NAMES[l] })),
      { value: OTHER, label: ctx.t('intake:buttons.otherLanguage') },
    ],
    numbered: true,
    parse: (value) => {
      if (value === NO) return { patch: { interpreter: false } };
      if (value === OTHER) return { step: 'interpreterOther' };
      if (value.startsWith('interpreter:')) return { patch: { interpreter: value.slice('interpreter:'.length) } };
      const typed = shortText(value, 40);
      return typed ? { patch: { interpreter: typed } } : null;
    },
    skipped: { interpreter: null },
    invalid: 'intake:invalid.language',
    shown: (a, ctx) => interpreterText(a.interpreter, ctx),
  }),
  interpreterOther: {
    expect: 'text',
    prompt: (ctx) => ctx.t('intake:questions.interpreterOther'),
    validate: (answer) => (shortText(rawOf(answer), 40) ? null : 'intake:invalid.language'),
    onAnswer: (answer, ctx) => advance('interpreter', ctx, { interpreter: shortText(rawOf(answer), 40) }),
  },
  contactTime: question('contactTime', {
    prompt: (ctx) => ctx.t('intake:questions.contactTime'),
    extra: (ctx) => CONTACT_TIMES.map((time) => ({ value: `time:${time}`, label: ctx.t(`intake:times.${time}`) })),
    numbered: true,
    parse: (value) => {
      const time = CONTACT_TIMES.find((t) => value === `time:${t}`);
      return time ? { patch: { contactTime: time } } : null;
    },
    skipped: { contactTime: null },
    invalid: 'intake:invalid.choice',
    shown: (a, ctx) => (a.contactTime ? ctx.t(`intake:times.${a.contactTime}`) : null),
  }),
  summary,
  pick,
};

function introChoice(raw: string, ctx: FlowContext): string | null {
  const options = steps.intro!.options!(ctx);
  if (isMenuNumber(raw, options)) return 'intake:later';
  const picked = matchOption(options, raw);
  if (picked) return picked.value;
  return isSkip(raw, ctx) ? 'intake:later' : null;
}

/** The centre's municipality and the islands its mobile unit serves, as ready answers. */
function areaOptions(ctx: FlowContext): Option[] {
  if (!ctx.centre) return [];
  const greek = ctx.lang === 'el';
  const places = [greek ? ctx.centre.municipality.el : ctx.centre.municipality.en, ...(ctx.centre.mobileUnit?.islands ?? []).map((i) => (greek ? i.name.el : i.name.en))];
  return places.map((label, i) => ({ value: `area:${i}`, label }));
}

function specialText(ctx: FlowContext): string {
  return ctx.content.privacy?.texts.special[ctx.lang] ?? '';
}

/**
 * The pre-intake: how to address them, phone or "answer me here", area, household, needs,
 * the groups they choose to tell (after its own consent), interpreter, a good time to call;
 * then a summary to confirm or correct. Every question can be skipped, and so can the whole;
 * "back" works throughout. Stored as the contact's open case; running it again updates it.
 */
export const intakeFlow: Flow = { id: INTAKE_FLOW, start: 'start', steps };

/** The pre-intake questionnaire. */
export const INTAKE_FLOWS: Flow[] = [intakeFlow];
