/**
 * Button values of a reminder ("appt:come:<id>"): registry.ts routes the prefix to the
 * appointment-action flow, wherever the conversation is when the button is pressed.
 */
export const ACTION_PREFIX = 'appt:';
export type ReminderAction = 'come' | 'cancel' | 'change';

export const actionValue = (action: ReminderAction, id: string): string => `${ACTION_PREFIX}${action}:${id}`;

export function parseAction(value: string): { action: ReminderAction; id: string } | null {
  const m = /^appt:(come|cancel|change):(.+)$/.exec(value);
  return m ? { action: m[1] as ReminderAction, id: m[2]! } : null;
}
