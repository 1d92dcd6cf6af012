import { describe, expect, it } from 'vitest';
import { defaultContentDir, loadContent } from '../../src/content/load.js';
import { availability } from '../../src/handoff/hours.js';

const content = await loadContent(defaultContentDir());
const thira = content.centres.get('thira')!;
const athens = (iso: string) => new Date(`${iso}+02:00`);

describe('when a person can answer (opening hours, Europe/Athens)', () => {
  it('a Tuesday morning in Thira is open; the evening waits for Wednesday 08:00', () => {
    expect(availability(thira, athens('2026-11-24T10:00:00')).open).toBe(true);
    const evening = availability(thira, athens('2026-11-24T18:00:00'));
    expect(evening.open).toBe(false);
    expect(evening.nextOpening!.toISO()).toBe('2026-11-25T08:00:00.000+02:00');
  });

  it('Friday after closing waits for Monday', () => {
    expect(availability(thira, athens('2026-11-27T16:00:00')).nextOpening!.toISODate()).toBe('2026-11-30');
  });

  it('public holidays are closed: 25 March and Orthodox Easter Monday', () => {
    expect(availability(thira, new Date('2026-03-25T09:00:00+02:00')).open).toBe(false);
    expect(availability(thira, new Date('2026-04-13T09:00:00+03:00')).nextOpening!.toISODate()).toBe('2026-04-14');
  });
});
