import type { Button, ChannelCapabilities } from './types.js';

/**
 * Graceful degradation for channels without (enough) buttons: the options become a numbered
 * list under the text, and the dialog engine understands the numbers in any script.
 */
export function splitButtons(text: string, buttons: Button[], caps: ChannelCapabilities): { text: string; buttons: Button[] } {
  const fits = buttons.length <= caps.maxButtons && buttons.every((b) => b.title.length <= caps.maxButtonTitle);
  if (buttons.length === 0 || fits) return { text, buttons };
  const list = buttons.map((b, i) => `${i + 1}. ${b.title}`).join('\n');
  return { text: text ? `${text}\n\n${list}` : list, buttons: [] };
}

/** Splits a long reply at paragraph, line or word boundaries so each part fits the channel. */
export function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    // The latest paragraph break, else line break, else space, that keeps the part over half full.
    const at = [window.lastIndexOf('\n\n'), window.lastIndexOf('\n'), window.lastIndexOf(' ')].find((i) => i > max / 2) ?? max;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

/**
 * A reply as the parts a push channel sends: buttons that do not fit become a numbered list,
 * long text is split, and the buttons ride on the last part ("…" when there is no text, as
 * the channels need some).
 */
export function renderParts(reply: { text: string; buttons: Button[] }, caps: ChannelCapabilities): { text: string; buttons: Button[] }[] {
  const { text, buttons } = splitButtons(reply.text, reply.buttons, caps);
  const parts = text.trim() ? splitText(text, caps.maxText) : [];
  if (parts.length === 0 && buttons.length > 0) parts.push('…');
  return parts.map((t, i) => ({ text: t, buttons: i === parts.length - 1 ? buttons : [] }));
}
