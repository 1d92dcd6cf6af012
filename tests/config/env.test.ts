import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../src/config/env.js';

describe('environment', () => {
  it('runs with nothing set: port 3000 and the embedded SQLite database', () => {
    const env = loadEnv({}, '/nonexistent/.env');
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBe('file:./data/kentro.db');
    expect(env.TELEGRAM_API_ROOT).toBe('https://api.telegram.org');
  });

  it('treats an empty value as not set', () => {
    expect(loadEnv({ PORT: '', PUBLIC_URL: '' }, '/nonexistent/.env').PORT).toBe(3000);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['PUBLIC_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['TELEGRAM_WEBHOOK_SECRET', 'has spaces in it'],
  ])('a bad %s gives one line naming the variable', (name, value) => {
    expect(() => loadEnv({ [name]: value }, '/nonexistent/.env')).toThrow(new RegExp(`^Invalid environment variable ${name}: [^\\n]+$`));
  });

  it('accepts PostgreSQL URLs', () => {
    expect(loadEnv({ DATABASE_URL: 'postgresql://u:p@db:5432/kentro' }, '/nonexistent/.env').DATABASE_URL).toContain('postgresql://');
  });
});
