import { DateTime } from 'luxon';

/** Reports count months as the centres live them: Greek local time. */
export const REPORT_ZONE = 'Europe/Athens';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthRange {
  /** "YYYY-MM" */
  month: string;
  /** First instant of the month (inclusive). */
  start: Date;
  /** First instant of the next month (exclusive). */
  end: Date;
}

/** "2026-03" → its instants in Europe/Athens; null when it is not a month. */
export function monthRange(month: string): MonthRange | null {
  if (!MONTH.test(month)) return null;
  const start = DateTime.fromISO(`${month}-01`, { zone: REPORT_ZONE });
  if (!start.isValid) return null;
  return { month, start: start.toJSDate(), end: start.plus({ months: 1 }).toJSDate() };
}
