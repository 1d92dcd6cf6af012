import type { Content } from '../../content/load.js';
import type { CentreContent } from '../../content/schema.js';
import type { Button, Language } from '../../bot/core/types.js';
import type { Translate } from '../../i18n/index.js';
import type { FlowServices } from './services.js';

/** JSON values that can live in the stored dialog state. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A choice the citizen can make: a button where the channel has them, a number otherwise. */
export interface Option {
  value: string;
  label: string;
}

/** The citizen's answer, already understood by the engine according to what the step expects. */
export type Answer =
  | { kind: 'option'; value: string }
  | { kind: 'yesno'; yes: boolean }
  | { kind: 'number'; value: number }
  | { kind: 'text'; text: string };

export type Expect = 'choice' | 'yesno' | 'number' | 'text';

/** Where the dialog goes after an answer. `end` returns to the main menu. */
export type Next =
  | { step: string }
  | { flow: string; step?: string; slots?: Record<string, Json> }
  | { end: true }
  /** Ask the current step again. */
  | { stay: true }
  /** Stay at the current step without asking again (after "thanks", "goodbye"). */
  | { wait: true };

/** What the classifier made of a free-text message (computed before the turn; the engine stays pure). */
export interface Understanding {
  intent: string;
  score: number;
  alternatives: { intent: string; score: number }[];
  language: Language;
  languageConfident: boolean;
}

/** What a step can read and do during a turn. Replies and changes are collected, not sent. */
export interface FlowContext {
  readonly lang: Language;
  /** False until the citizen (or their channel) chose a language; `lang` is Greek meanwhile. */
  readonly languageKnown: boolean;
  readonly centre: CentreContent | null;
  readonly content: Content;
  t: Translate;
  /** Slots of the current flow (kept in the state while the flow runs). */
  slots: Record<string, Json>;
  say(text: string, buttons?: Button[]): void;
  setLanguage(lang: Language): void;
  setCentre(centreId: string): void;
  /**
   * The world outside the dialog (appointments, consent, intake, handoff), given by the core for
   * the conversation of this turn. Steps that need a port the caller did not give answer that
   * the service is unavailable rather than failing.
   */
  readonly services: FlowServices;
}

/** A step's result; steps that read or write through `services` return it as a promise. */
export type Awaitable<T> = T | Promise<T>;

export interface Step {
  /** What the bot asks when the step is entered (and again after a wrong answer). */
  prompt(ctx: FlowContext): string;
  /** The choices (buttons). A `choice` step must have them. */
  options?(ctx: FlowContext): Option[];
  expect: Expect;
  /** Returns where to go instead of asking (it may `say` something first), or null to ask. */
  skip?(ctx: FlowContext): Awaitable<Next | null>;
  /** An i18n key explaining why the answer is not acceptable, or null. */
  validate?(answer: Answer, ctx: FlowContext): string | null;
  onAnswer(answer: Answer, ctx: FlowContext): Awaitable<Next>;
  /** Free text the step did not understand, with the classifier's reading; null to fall back. */
  onText?(text: string, understanding: Understanding, ctx: FlowContext): Awaitable<Next | null>;
}

export interface Flow {
  id: string;
  start: string;
  steps: Record<string, Step>;
}
