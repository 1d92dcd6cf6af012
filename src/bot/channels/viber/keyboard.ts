import type { Button } from '../../core/types.js';

/** Viber's limits for a bot keyboard: 24 buttons on a grid 6 columns wide. */
export const MAX_BUTTONS = 24;
const GRID_COLUMNS = 6;

export interface ViberKeyboard {
  Type: 'keyboard';
  DefaultHeight: boolean;
  Buttons: {
    Columns: number;
    Rows: number;
    ActionType: 'reply';
    ActionBody: string;
    Text: string;
    TextSize: 'regular';
  }[];
}

/**
 * Buttons as a Viber keyboard: half width for short labels, full width otherwise. Pressing one
 * sends its ActionBody as the citizen's message and Viber shows it in the chat, so it is the
 * label (not "lang:fa"); the adapter maps it back to the button's value (inbound.ts). Button
 * Text is read as markup by Viber, so it is escaped.
 */
export function viberKeyboard(buttons: Button[]): ViberKeyboard {
  const half = buttons.length > 3 && buttons.every((b) => [...b.title].length <= 14);
  return {
    Type: 'keyboard',
    DefaultHeight: false,
    Buttons: buttons.slice(0, MAX_BUTTONS).map((b) => ({
      Columns: half ? GRID_COLUMNS / 2 : GRID_COLUMNS,
      Rows: 1,
      ActionType: 'reply',
      ActionBody: b.title,
      Text: escapeMarkup(b.title),
      TextSize: 'regular',
    })),
  };
}

function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
