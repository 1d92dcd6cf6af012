import type { Awaitable, FlowContext, Next, Step } from './types.js';

/**
 * A step that only acts — says something, reads or writes through a port — and moves on: it
 * never asks, so the state never rests on it. (The engine runs `skip` on entering a step; an
 * action is a step whose `skip` always decides.)
 */
export function actionStep(run: (ctx: FlowContext) => Awaitable<Next>): Step {
  return {
    expect: 'choice',
    prompt: () => '',
    skip: run,
    // Unreachable while `run` always returns a Next; the menu if a state ever rests here.
    onAnswer: () => ({ end: true }),
  };
}
