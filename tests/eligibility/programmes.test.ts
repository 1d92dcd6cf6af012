import { describe, expect, it } from 'vitest';
import { nextQuestion } from '../../src/eligibility/engine.js';
import { defaultRules } from '../../src/eligibility/load.js';
import { check, codes, missingKeys } from './support.js';

describe('child benefit (Α21) rules', () => {
  const family = (over: Record<string, unknown> = {}) => ({ children: 1, singleParent: false, incomeYearly: 0, residence5Years: true, ...over });

  it('two parents with one child are in band Α up to 10,500 € of real income (scale 1.75): 70 € a month', () => {
    expect(check('child_benefit', family({ incomeYearly: 10500 }))).toMatchObject({ result: 'likely_eligible', monthlyAmount: 70, guaranteedAmount: null });
    expect(check('child_benefit', family({ incomeYearly: 10501 })).monthlyAmount).toBe(42);
  });

  it('pays 70 € for each of the first two children and 140 € from the third on, in band Α', () => {
    expect(check('child_benefit', family({ children: 2 })).monthlyAmount).toBe(140);
    expect(check('child_benefit', family({ children: 4 })).monthlyAmount).toBe(70 + 70 + 140 + 140);
  });

  it('bands Β and Γ by equivalised income, and none above 15,000 €', () => {
    // Two parents + two children: scale 1 + 0.5 + 0.5 = 2.
    expect(check('child_benefit', family({ children: 3, incomeYearly: 2 * 8000 + 2000 })).monthlyAmount).toBe(42 + 42 + 84); // scale 2.25 → 8,000
    expect(check('child_benefit', family({ children: 2, incomeYearly: 2 * 12000 })).monthlyAmount).toBe(28 + 28);
    const over = check('child_benefit', family({ children: 2, incomeYearly: 2 * 15000 + 2 }));
    expect(over).toMatchObject({ result: 'likely_not_eligible', monthlyAmount: 0 });
    expect(codes(over)).toEqual(['child_income_over_limit']);
  });

  it('in a single-parent family the first child weighs 1/2: one parent + one child is a scale of 1.5', () => {
    expect(check('child_benefit', family({ singleParent: true, incomeYearly: 9000 })).monthlyAmount).toBe(70); // 9,000 / 1.5 = 6,000
    expect(check('child_benefit', family({ singleParent: true, incomeYearly: 9003 })).monthlyAmount).toBe(42);
    expect(check('child_benefit', family({ singleParent: false, incomeYearly: 9003 })).monthlyAmount).toBe(70); // 9,003 / 1.75
  });

  it('needs children and 5 years of legal residence; missing answers are named', () => {
    expect(codes(check('child_benefit', family({ children: 0 })))).toEqual(['child_no_children']);
    expect(codes(check('child_benefit', family({ residence5Years: false })))).toEqual(['child_no_residence']);
    const ev = check('child_benefit', { children: 2 });
    expect(ev.result).toBe('unknown');
    expect(missingKeys(ev)).toEqual(['singleParent', 'incomeYearly', 'residence5Years']);
  });
});

describe('housing benefit rules', () => {
  const tenant = (over: Record<string, unknown> = {}) => ({ rentsWithELease: true, electricityInMemberName: true, adults: 1, minors: 0, incomeYearly: 5000, ...over });

  it('70 € for the applicant, +35 € per extra member, at most 210 €', () => {
    expect(check('housing_benefit', tenant())).toMatchObject({ result: 'likely_eligible', monthlyAmount: 70 });
    expect(check('housing_benefit', tenant({ adults: 2, minors: 1 })).monthlyAmount).toBe(140);
    expect(check('housing_benefit', tenant({ adults: 3, minors: 4 })).monthlyAmount).toBe(210);
  });

  it('adds 70 € for the first child of a single-parent family and 70 € per unprotected child', () => {
    const single = check('housing_benefit', tenant({ minors: 2, singleParent: true }));
    expect(single.monthlyAmount).toBe(70 + 35 * 2 + 70);
    expect(codes(single)).toContain('housing_single_parent_extra');
    expect(check('housing_benefit', tenant({ adults: 2, minors: 2, unprotectedChildren: 1 })).monthlyAmount).toBe(175 + 70);
  });

  it('income limit: 7,000 € for one person, +3,500 € per extra member, at most 21,000 €', () => {
    expect(check('housing_benefit', tenant({ incomeYearly: 7000 })).result).toBe('likely_eligible');
    expect(codes(check('housing_benefit', tenant({ incomeYearly: 7001 })))).toEqual(['housing_income_over_limit']);
    expect(check('housing_benefit', tenant({ adults: 2, minors: 2, incomeYearly: 17500 })).result).toBe('likely_eligible');
    expect(check('housing_benefit', tenant({ adults: 2, minors: 6, incomeYearly: 21000 })).result).toBe('likely_eligible');
    expect(check('housing_benefit', tenant({ adults: 2, minors: 6, incomeYearly: 21001 })).result).toBe('likely_not_eligible');
  });

  it('needs an electronic lease and the electricity in a member’s name; the unverified limits are said, not used', () => {
    expect(codes(check('housing_benefit', tenant({ rentsWithELease: false })))).toEqual(['housing_no_lease']);
    expect(codes(check('housing_benefit', tenant({ electricityInMemberName: false })))).toEqual(['housing_electricity_not_member']);
    expect(codes(check('housing_benefit', tenant()))).toContain('housing_unverified_limits');
  });

  it('a lone parent who does not say whether they raise the children alone: eligible, amount waits for the answer', () => {
    const ev = check('housing_benefit', tenant({ minors: 1 }));
    expect(ev).toMatchObject({ result: 'likely_eligible', monthlyAmount: null });
    expect(ev.reasons.filter((r) => r.code === 'amount_needs_answer').map((r) => r.answer)).toEqual(['singleParent']);
  });
});

describe('social electricity tariff (ΚΟΤ) rules', () => {
  it('an ΕΕΕ household with the contract in its name may fit ΚΟΤ-Α, without more questions; no amount', () => {
    const ev = check('social_electricity_tariff', { contractInOwnName: true, receivesGmi: true });
    expect(ev).toMatchObject({ result: 'likely_eligible', monthlyAmount: null, guaranteedAmount: null });
    expect(codes(ev)).toContain('kot_group_a');
    expect(nextQuestion(defaultRules().get('social_electricity_tariff')!, { contractInOwnName: true, receivesGmi: true })).toBeNull();
  });

  it('needs the contract in the applicant’s or spouse’s name', () => {
    expect(codes(check('social_electricity_tariff', { contractInOwnName: false, receivesGmi: true }))).toEqual(['kot_contract_not_own_name']);
  });

  it('ΚΟΤ-Β income limits: 9,000 € one person, 13,500 € for 2 adults or 1 parent + 1 minor, 15,750 €, 18,000 €, at most 31,500 €', () => {
    const b = (household: Record<string, unknown>, incomeYearly: number) =>
      check('social_electricity_tariff', { contractInOwnName: true, receivesGmi: false, largeFamily: false, disability67: false, lifeSupport: false, ...household, incomeYearly }).result;
    expect(b({ adults: 1, minors: 0 }, 9000)).toBe('likely_eligible');
    expect(b({ adults: 1, minors: 0 }, 9001)).toBe('likely_not_eligible');
    expect(b({ adults: 2, minors: 0 }, 13500)).toBe('likely_eligible');
    expect(b({ adults: 1, minors: 1, singleParent: true }, 13500)).toBe('likely_eligible');
    expect(b({ adults: 1, minors: 1, singleParent: false }, 13500)).toBe('likely_not_eligible');
    expect(b({ adults: 2, minors: 1 }, 15750)).toBe('likely_eligible');
    expect(b({ adults: 2, minors: 2 }, 18000)).toBe('likely_eligible');
    expect(b({ adults: 3, minors: 0 }, 18000)).toBe('likely_eligible');
    expect(b({ adults: 6, minors: 6 }, 31500)).toBe('likely_eligible');
    expect(b({ adults: 6, minors: 6 }, 31501)).toBe('likely_not_eligible');
  });

  it('the limit rises by 8,000 € with a disability of 67% or more, 15,000 € with life support; both together: ask the centre', () => {
    const base = { contractInOwnName: true, receivesGmi: false, largeFamily: false, adults: 1, minors: 0 };
    expect(check('social_electricity_tariff', { ...base, incomeYearly: 17000, disability67: true }).result).toBe('likely_eligible');
    expect(check('social_electricity_tariff', { ...base, incomeYearly: 24000, lifeSupport: true, disability67: false }).result).toBe('likely_eligible');
    const both = check('social_electricity_tariff', { ...base, incomeYearly: 30000, disability67: true, lifeSupport: true });
    expect(both.result).toBe('unknown');
    expect(codes(both)).toContain('kot_increases_unclear');
    expect(check('social_electricity_tariff', { ...base, incomeYearly: 33000, disability67: true, lifeSupport: true }).result).toBe('likely_not_eligible');
  });

  it('asks about disability only when the income is above the plain limit', () => {
    const rules = defaultRules().get('social_electricity_tariff')!;
    const base = { contractInOwnName: true, receivesGmi: false, largeFamily: false, adults: 1, minors: 0 };
    expect(nextQuestion(rules, { ...base, incomeYearly: 5000 })).toBeNull();
    expect(nextQuestion(rules, { ...base, incomeYearly: 12000 })?.key).toBe('disability67');
    expect(nextQuestion(rules, { ...base, incomeYearly: 12000, disability67: true })).toBeNull();
    expect(nextQuestion(rules, { ...base, incomeYearly: 20000, disability67: false })?.key).toBe('lifeSupport');
    // Far above every limit: not eligible, nothing more to ask.
    expect(nextQuestion(rules, { ...base, incomeYearly: 60000 })).toBeNull();
  });

  it('a large family may fit ΚΟΤ-Γ; with nothing answered it says what is missing', () => {
    expect(codes(check('social_electricity_tariff', { contractInOwnName: true, receivesGmi: false, largeFamily: true }))).toContain('kot_group_c');
    const ev = check('social_electricity_tariff', {});
    expect(ev.result).toBe('unknown');
    expect(missingKeys(ev)).toEqual(['contractInOwnName', 'receivesGmi']);
  });
});

describe('allowance for uninsured older people rules', () => {
  const person = (over: Record<string, unknown> = {}) => ({ aged67OrOver: true, residence15Years: true, pensionMonthly: 0, ...over });

  it('without a pension: 409.13 € a month (the 2025 amount; 2026 is unconfirmed and said so)', () => {
    const ev = check('elderly_uninsured_benefit', person());
    expect(ev).toMatchObject({ result: 'likely_eligible', monthlyAmount: 409.13 });
    expect(codes(ev)).toEqual(expect.arrayContaining(['elderly_amount_2025', 'elderly_unverified_limits']));
  });

  it('tops up a lower pension; a difference under 20 € is not paid', () => {
    expect(check('elderly_uninsured_benefit', person({ pensionMonthly: 300 }))).toMatchObject({ result: 'likely_eligible', monthlyAmount: 109.13 });
    expect(check('elderly_uninsured_benefit', person({ pensionMonthly: 389.13 })).monthlyAmount).toBe(20);
    // Under 20 € with the 2025 amount, but maybe not with the unconfirmed 2026 amount: can't tell yet.
    const close = check('elderly_uninsured_benefit', person({ pensionMonthly: 400 }));
    expect(close.result).toBe('unknown');
    expect(codes(close)).toContain('elderly_amount_2026_unconfirmed');
    const high = check('elderly_uninsured_benefit', person({ pensionMonthly: 500 }));
    expect(high).toMatchObject({ result: 'likely_not_eligible', monthlyAmount: 0 });
    expect(codes(high)).toEqual(['elderly_pension_too_high']);
  });

  it('needs age 67 and 15 years of residence; missing answers are named', () => {
    expect(codes(check('elderly_uninsured_benefit', person({ aged67OrOver: false })))).toEqual(['elderly_under_67']);
    expect(codes(check('elderly_uninsured_benefit', person({ residence15Years: false })))).toEqual(['elderly_no_residence']);
    expect(missingKeys(check('elderly_uninsured_benefit', { aged67OrOver: true }))).toEqual(['residence15Years', 'pensionMonthly']);
  });
});
