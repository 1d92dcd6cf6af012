import { noticeText } from '../../../consent/notice.js';
import { parseYesNo } from '../../engine/input.js';
import type { Flow, FlowContext, Next, Option } from '../../engine/types.js';
import { actionStep } from '../../engine/action.js';
import { phonesOf } from '../centre-facts.js';
import { INTAKE_FLOWS } from '../intake/index.js';
import { summaryText } from './summary.js';

export const PRIVACY_FLOW = 'privacy';
export type { PrivacyPort } from './port.js';

/** Flows of other capabilities this one leads to, offered only once they exist. */
const hasFlow = (flows: Flow[], id: string) => flows.some((f) => f.id === id);

function menuOptions(ctx: FlowContext): Option[] {
  const options: Option[] = [{ value: 'privacy:summary', label: ctx.t('privacy:options.summary') }];
  if (hasFlow(INTAKE_FLOWS, 'intake')) options.push({ value: 'privacy:update', label: ctx.t('privacy:options.update') });
  options.push({ value: 'privacy:delete', label: ctx.t('privacy:options.delete') }, { value: 'privacy:notice', label: ctx.t('privacy:options.notice') });
  return options;
}

/** Without the port (transcript tests, a misconfigured service): the honest way that works. */
function unavailable(ctx: FlowContext): Next {
  ctx.say(ctx.t('privacy:unavailable', { phone: phonesOf(ctx) }));
  return { end: true };
}

const eraseYes = (): Next => ({ step: 'erasing' });
const eraseNo = (ctx: FlowContext): Next => {
  ctx.say(ctx.t('privacy:erase.kept'));
  return { step: 'menu' };
};

/**
 * "My data": what is stored (with a JSON download link), updating the pre-intake, erasure after
 * a yes/no confirmation, and the privacy notice. Intents privacy_data and privacy_delete enter
 * at `summary` and `erase`.
 */
export const privacyFlow: Flow = {
  id: PRIVACY_FLOW,
  start: 'menu',
  steps: {
    menu: {
      expect: 'choice',
      prompt: (ctx) => ctx.t('privacy:prompt'),
      options: menuOptions,
      onAnswer: (answer) => {
        const value = answer.kind === 'option' ? answer.value : '';
        if (value === 'privacy:update') return { flow: 'intake' };
        if (value === 'privacy:delete') return { step: 'erase' };
        if (value === 'privacy:notice') return { step: 'notice' };
        return { step: 'summary' };
      },
    },
    summary: actionStep(async (ctx) => {
      const port = ctx.services.privacy;
      if (!port) return unavailable(ctx);
      const data = await port.summary();
      if (!data) {
        ctx.say(ctx.t('privacy:summary.nothing'));
        return { step: 'menu' };
      }
      ctx.say(summaryText(data, port.retention(), ctx));
      const link = await port.exportLink();
      if (link) ctx.say(ctx.t('privacy:summary.download', { url: link }));
      return { step: 'menu' };
    }),
    erase: {
      expect: 'choice',
      skip: (ctx) => (ctx.services.privacy ? null : unavailable(ctx)),
      prompt: (ctx) => ctx.t('privacy:erase.explain'),
      options: (ctx) => [
        { value: 'privacy:erase-yes', label: ctx.t('privacy:erase.yes') },
        { value: 'privacy:erase-no', label: ctx.t('privacy:erase.no') },
      ],
      onAnswer: (answer, ctx) => (answer.kind === 'option' && answer.value === 'privacy:erase-yes' ? eraseYes() : eraseNo(ctx)),
      // "ναι", "نعم", "oui" typed instead of pressing the button.
      onText: (text, _u, ctx) => {
        const yes = parseYesNo(text);
        return yes === null ? null : yes ? eraseYes() : eraseNo(ctx);
      },
    },
    erasing: {
      // Queues the erasure and says so: this reply is stored in this turn and goes out before
      // the erasure job runs (src/privacy/jobs.ts), so it is the citizen's last message from us.
      expect: 'text',
      skip: async (ctx) => {
        const port = ctx.services.privacy;
        if (!port) return unavailable(ctx);
        await port.requestErasure();
        ctx.say(ctx.t('privacy:erase.done'));
        return { step: 'erased' };
      },
      prompt: () => '',
      onAnswer: () => ({ step: 'erased' }),
    },
    erased: {
      // Anything written before the erasure has run gets the same answer (it is erased too).
      expect: 'text',
      skip: () => ({ wait: true }),
      prompt: () => '',
      onAnswer: (_answer, ctx) => {
        ctx.say(ctx.t('privacy:erase.pending'));
        return { wait: true };
      },
    },
    // The versioned notice of content/privacy when there is one (the same text the consent
    // flow shows), read here without asking again; a short generic text otherwise.
    notice: actionStep((ctx) => {
      ctx.say(ctx.content.privacy ? noticeText(ctx.content.privacy, 'full', ctx.lang, ctx.centre, phonesOf(ctx)) : ctx.t('privacy:notice'));
      return { step: 'menu' };
    }),
  },
};

/** The flows of the citizen's data rights: what is stored, export, erasure. */
export const PRIVACY_FLOWS: Flow[] = [privacyFlow];
