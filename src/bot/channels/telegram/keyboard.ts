import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Button } from '../../core/types.js';

/** Telegram drops a button whose callback data is longer than this (bytes). */
export const MAX_CALLBACK_DATA = 64;

/**
 * Buttons as an inline keyboard: two per row when there are several short ones (the six
 * language names), otherwise one per row so long labels in any script stay readable.
 */
export function inlineKeyboard(buttons: Button[]): InlineKeyboardMarkup {
  const perRow = buttons.length > 3 && buttons.every((b) => [...b.title].length <= 16) ? 2 : 1;
  const rows: { text: string; callback_data: string }[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) {
    rows.push(buttons.slice(i, i + perRow).map((b) => ({ text: b.title, callback_data: b.value })));
  }
  return { inline_keyboard: rows };
}

export function fitsCallbackData(buttons: Button[]): boolean {
  return buttons.every((b) => Buffer.byteLength(b.value, 'utf8') <= MAX_CALLBACK_DATA);
}
