import { describe, expect, it } from 'vitest';
import { reminderPlan } from '../../src/appointments/reminders.js';

const plan = (start: string, now: string) => {
  const p = reminderPlan(new Date(start), 'Europe/Athens', new Date(now));
  return p && { kind: p.kind, runAt: p.runAt.toISOString() };
};

describe('when a reminder goes out', () => {
  it('at 18:00 Athens time the evening before, in summer and in winter time', () => {
    expect(plan('2027-03-29T09:00:00+03:00', '2027-03-20T10:00:00+02:00')).toEqual({ kind: 'day', runAt: '2027-03-28T15:00:00.000Z' });
    expect(plan('2027-11-01T09:00:00+02:00', '2027-10-20T10:00:00+03:00')).toEqual({ kind: 'day', runAt: '2027-10-31T16:00:00.000Z' });
  });

  it('booked after that hour: two hours before, never before 07:30 and never with less than half an hour left', () => {
    expect(plan('2027-03-30T11:00:00+03:00', '2027-03-29T19:00:00+03:00')).toEqual({ kind: 'soon', runAt: '2027-03-30T06:00:00.000Z' });
    expect(plan('2027-03-30T08:30:00+03:00', '2027-03-29T19:00:00+03:00')).toEqual({ kind: 'soon', runAt: '2027-03-30T04:30:00.000Z' });
    expect(plan('2027-03-30T07:50:00+03:00', '2027-03-29T19:00:00+03:00')).toBeNull();
    expect(plan('2027-03-30T12:00:00+03:00', '2027-03-30T10:00:00+03:00')).toBeNull();
  });
});
