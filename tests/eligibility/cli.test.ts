import { describe, expect, it } from 'vitest';
import { runKentro } from '../support/cli.js';

const lines = (stdout: string): Record<string, unknown>[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('kentro eligibility check', () => {
  it('answers one JSON line per input line, in order, and a bad line does not stop the others', async () => {
    const input = [
      '{"programme":"gmi","answers":{"adults":2,"minors":1,"singleParent":false,"income6m":1200,"realEstate":0,"vehicles":0,"deposits":0,"legalResidence":true}}',
      '{"programme":"gmi","answers":{"adults":1,"minors":0',
      '{"programme":"pension","answers":{}}',
      '',
      '{"programme":"gmi","answers":{"adults":1,"minors":0,"income6m":"unknown"}}',
      '{"programme":"social_electricity_tariff","answers":{"contractInOwnName":true,"receivesGmi":true}}',
    ].join('\n');
    const { code, stdout, stderr } = await runKentro(['eligibility', 'check'], {}, `${input}\n`);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const out = lines(stdout);
    expect(out).toHaveLength(5);

    expect(out[0]).toEqual({
      programme: 'gmi',
      result: 'likely_eligible',
      monthlyAmount: 178,
      guaranteedAmount: 378,
      reasons: expect.arrayContaining([
        { code: 'gmi_income_under_limit', text: "Your household's income of the last 6 months (1,200 €) is below the limit for your household (2,268 €)." },
      ]) as unknown,
      rulesVersion: '2023-12-01.1',
    });
    expect(Object.keys(out[0]!)).toEqual(['programme', 'result', 'monthlyAmount', 'guaranteedAmount', 'reasons', 'rulesVersion']);

    expect(out[1]).toEqual({ error: 'line 2: not valid JSON' });
    expect(out[2]).toEqual({ error: expect.stringMatching(/^line 3: unknown programme "pension"/) as unknown });

    expect(out[3]).toMatchObject({ programme: 'gmi', result: 'unknown', monthlyAmount: null, guaranteedAmount: 216 });
    const reasons = out[3]!.reasons as { code: string; text: string }[];
    expect(reasons.map((r) => r.code)).toEqual(['missing_answer', 'missing_answer', 'missing_answer', 'missing_answer', 'missing_answer']);
    expect(reasons[0]!.text).toBe("We still need to know: household income of the last 6 months. [income6m]");
    expect(reasons.map((r) => /\[(\w+)\]$/.exec(r.text)?.[1])).toEqual(['income6m', 'legalResidence', 'realEstate', 'vehicles', 'deposits']);

    expect(out[4]).toMatchObject({ programme: 'social_electricity_tariff', result: 'likely_eligible', monthlyAmount: null, guaranteedAmount: null, rulesVersion: '2026-03-01.1' });
  });

  it('is listed in kentro --help', async () => {
    const { stdout } = await runKentro(['--help'], {});
    expect(stdout).toMatch(/eligibility\s+indicative eligibility checks/);
  });
});
