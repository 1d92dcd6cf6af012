import type { Language } from '../core/types.js';
import { i18n, translator } from '../../i18n/index.js';
import { detectLanguage } from '../../nlu/detect.js';
import type { DangerCategory } from './categories.js';
import type { Danger } from './detect.js';
import { hotlinesFor, type Hotline, type Hotlines } from './hotlines.js';

/**
 * The language to answer a danger message in: the conversation's, unless the message is
 * clearly in another one (script and words, src/nlu/detect.ts), or only another language's
 * lexicon recognised it ("he hits me" in a Greek conversation is answered in English).
 */
export function replyLanguage(text: string, conversation: Language, danger: Pick<Danger, 'languages'>): Language {
  const detected = detectLanguage(text, conversation);
  const guess = detected.confident ? detected.language : conversation;
  if (danger.languages.length === 0 || danger.languages.includes(guess)) return guess;
  if (danger.languages.includes(conversation)) return conversation;
  return danger.languages[0]!;
}

/** What the line is for, in `lang`: the locale's text, else the content file's (el or en). */
function purpose(hotline: Hotline, lang: Language): string {
  const key = `safety:purpose.${hotline.id}`;
  if (i18n().exists(key, { lng: lang })) return translator(lang)(key, { number: hotline.number });
  return hotline.purpose[lang === 'el' ? 'el' : 'en'];
}

/**
 * One message: a caring sentence, "call 112 now", each line with what it is for, and that the
 * centre's staff will see the conversation.
 */
export function emergencyReply(hotlines: Hotlines, categories: readonly DangerCategory[], lang: Language): string {
  const t = translator(lang);
  const lines = hotlinesFor(hotlines, categories).filter((h) => h.id !== hotlines.callNow.id);
  const allDay = [hotlines.callNow, ...lines].every((h) => h.hours === '24/7');
  const intro = categories.length === 1 ? `safety:intro.${categories[0]!}` : 'safety:intro.several';
  return [
    t(intro),
    t('safety:callNow', { number: hotlines.callNow.number }),
    ...lines.map((h) =>
      allDay
        ? t('safety:line', { number: h.number, purpose: purpose(h, lang) })
        : t('safety:lineHours', { number: h.number, purpose: purpose(h, lang), hours: h.hours === '24/7' ? t('safety:dayAndNight') : h.hours }),
    ),
    ...(allDay && lines.length > 0 ? [t('safety:allDay')] : []),
    t('safety:staff'),
  ].join('\n');
}
