import { describe, expect, it } from 'vitest';
import { check, codes, gmiHousehold, missingKeys } from './support.js';

describe('Minimum Guaranteed Income (ΕΕΕ) rules', () => {
  it('two adults and a child with 1,200 € over six months may get 378 − 200 = 178 € a month', () => {
    const ev = check('gmi', { adults: 2, minors: 1, singleParent: false, income6m: 1200, realEstate: 0, vehicles: 0, deposits: 0, legalResidence: true });
    expect(ev).toMatchObject({ programme: 'gmi', result: 'likely_eligible', monthlyAmount: 178, guaranteedAmount: 378, rulesVersion: '2023-12-01.1' });
    expect(codes(ev)).toContain('gmi_income_under_limit');
  });

  // The domain file's table of 6-month income ceilings (6 × guaranteed amount).
  it.each([
    ['1 adult', { adults: 1, minors: 0 }, 216, 1296],
    ['2 adults', { adults: 2, minors: 0 }, 324, 1944],
    ['1 parent + 1 minor', { adults: 1, minors: 1, singleParent: true }, 324, 1944],
    ['2 adults + 1 minor', { adults: 2, minors: 1 }, 378, 2268],
    ['1 parent + 2 minors', { adults: 1, minors: 2, singleParent: true }, 378, 2268],
    ['3 adults', { adults: 3, minors: 0 }, 432, 2592],
    ['2 adults + 2 minors', { adults: 2, minors: 2 }, 432, 2592],
    ['1 parent + 3 minors', { adults: 1, minors: 3, singleParent: true }, 432, 2592],
  ])('%s: guaranteed %i €, income ceiling %i € over six months', (_name, household, guaranteed, ceiling) => {
    const under = check('gmi', gmiHousehold({ ...household, income6m: ceiling - 6 }));
    expect(under).toMatchObject({ result: 'likely_eligible', guaranteedAmount: guaranteed, monthlyAmount: 1 });
    // At the ceiling the benefit would be 0 €: not eligible, and the amount is floored at 0.
    const at = check('gmi', gmiHousehold({ ...household, income6m: ceiling }));
    expect(at).toMatchObject({ result: 'likely_not_eligible', guaranteedAmount: guaranteed, monthlyAmount: 0 });
    expect(codes(at)).toEqual(['gmi_income_over_limit']);
  });

  it('a single-parent household counts the oldest child as an adult; a parent living with another adult does not', () => {
    expect(check('gmi', gmiHousehold({ adults: 1, minors: 2, singleParent: true })).guaranteedAmount).toBe(378);
    expect(check('gmi', gmiHousehold({ adults: 1, minors: 2, singleParent: false })).guaranteedAmount).toBe(324);
    expect(codes(check('gmi', gmiHousehold({ adults: 1, minors: 2, singleParent: true })))).toContain('gmi_single_parent');
    // "Only a single-parent family": with two adults the answer does not change anything and is not needed.
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 2, singleParent: true })).guaranteedAmount).toBe(432);
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 2 })).result).toBe('likely_eligible');
  });

  it('asks whether a lone adult with children is a single parent, because the amount depends on it', () => {
    const ev = check('gmi', gmiHousehold({ adults: 1, minors: 2 }));
    expect(ev.result).toBe('unknown');
    expect(missingKeys(ev)).toEqual(['singleParent']);
    expect(ev.guaranteedAmount).toBeNull();
  });

  it('caps the guaranteed amount at 972 € however big the household', () => {
    expect(check('gmi', gmiHousehold({ adults: 6, minors: 4 })).guaranteedAmount).toBe(972);
    const big = check('gmi', gmiHousehold({ adults: 7, minors: 6, income6m: 600 }));
    expect(big).toMatchObject({ result: 'likely_eligible', guaranteedAmount: 972, monthlyAmount: 872 });
    expect(codes(big)).toContain('gmi_cap');
    expect(check('gmi', gmiHousehold({ adults: 7, minors: 6, income6m: 972 * 6 })).result).toBe('likely_not_eligible');
  });

  it('real estate: 90,000 € for one person, +15,000 € per extra member, at most 150,000 €', () => {
    expect(check('gmi', gmiHousehold({ realEstate: 90000 })).result).toBe('likely_eligible');
    const over = check('gmi', gmiHousehold({ realEstate: 90001 }));
    expect(over.result).toBe('likely_not_eligible');
    expect(codes(over)).toEqual(['gmi_real_estate_over_limit']);
    expect(over.reasons[0]!.params).toMatchObject({ realEstate: 90001, realEstateLimit: 90000 });
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 1, realEstate: 120000 })).result).toBe('likely_eligible');
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 1, realEstate: 120001 })).result).toBe('likely_not_eligible');
    // Five members reach the 150,000 € maximum; a sixth adds nothing.
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 4, realEstate: 150000 })).result).toBe('likely_eligible');
    expect(check('gmi', gmiHousehold({ adults: 2, minors: 4, realEstate: 150001 })).result).toBe('likely_not_eligible');
  });

  it('vehicles: 6,000 € in total', () => {
    expect(check('gmi', gmiHousehold({ vehicles: 6000 })).result).toBe('likely_eligible');
    expect(codes(check('gmi', gmiHousehold({ vehicles: 6001 })))).toEqual(['gmi_vehicles_over_limit']);
  });

  it('deposits: above 14,400 € not eligible; any savings up to 14,400 € "can\'t tell yet" (the per-household table is unverified)', () => {
    expect(check('gmi', gmiHousehold({ deposits: 0 })).result).toBe('likely_eligible');
    const some = check('gmi', gmiHousehold({ deposits: 800 }));
    expect(some).toMatchObject({ result: 'unknown', monthlyAmount: null, guaranteedAmount: 216 });
    expect(codes(some)[0]).toBe('gmi_deposits_unverified');
    expect(check('gmi', gmiHousehold({ deposits: 14400 })).result).toBe('unknown');
    const over = check('gmi', gmiHousehold({ deposits: 14401 }));
    expect(over.result).toBe('likely_not_eligible');
    expect(codes(over)).toEqual(['gmi_deposits_over_cap']);
  });

  it('needs legal residence: an asylum applicant is not eligible, whatever the income', () => {
    const ev = check('gmi', gmiHousehold({ legalResidence: false }));
    expect(ev).toMatchObject({ result: 'likely_not_eligible', monthlyAmount: 0 });
    expect(codes(ev)).toEqual(['gmi_no_legal_residence']);
    // A definite "no" does not wait for the other answers.
    expect(check('gmi', { legalResidence: false }).result).toBe('likely_not_eligible');
  });

  it('missing answers and "I don\'t know" give "can\'t tell yet", naming each missing answer', () => {
    const empty = check('gmi', {});
    expect(empty).toMatchObject({ result: 'unknown', monthlyAmount: null, guaranteedAmount: null });
    expect(missingKeys(empty)).toEqual(['adults', 'minors', 'income6m', 'legalResidence', 'realEstate', 'vehicles', 'deposits']);
    const dontKnow = check('gmi', gmiHousehold({ income6m: null, vehicles: 'unknown' }));
    expect(dontKnow.result).toBe('unknown');
    expect(missingKeys(dontKnow)).toEqual(['income6m', 'vehicles']);
  });

  it('reports invalid and unused answers instead of failing', () => {
    const ev = check('gmi', gmiHousehold({ adults: 0, minors: 'two', legalResidence: 'maybe', incomes: 5 }));
    expect(ev.result).toBe('unknown');
    expect(codes(ev)).toEqual(expect.arrayContaining(['invalid_answer_count', 'invalid_answer_yesno', 'unused_answer']));
    expect(ev.reasons.find((r) => r.code === 'invalid_answer_count' && r.answer === 'adults')?.params).toEqual({ min: 1 });
    expect(missingKeys(ev)).toEqual([]);
  });
});
