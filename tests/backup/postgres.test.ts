import { describe, expect, it } from 'vitest';
import { libpqConnection } from '../../src/backup/postgres.js';

describe('how pg_dump and pg_restore are pointed at DATABASE_URL', () => {
  it('the password goes in PGPASSWORD, never on the command line, and Prisma-only parameters are dropped', () => {
    const { dbname, env } = libpqConnection('postgresql://kentro:p%40ss%2Fw0rd@db.internal:5433/kentro?schema=public&sslmode=require&connection_limit=5');
    expect(dbname).toBe('postgresql://kentro@db.internal:5433/kentro?sslmode=require');
    expect(dbname).not.toContain('p%40ss');
    expect(env.PGPASSWORD).toBe('p@ss/w0rd');
  });

  it('a URL without a password leaves PGPASSWORD as it was', () => {
    const { dbname, env } = libpqConnection('postgresql://postgres@127.0.0.1:5432/kentro');
    expect(dbname).toBe('postgresql://postgres@127.0.0.1:5432/kentro');
    expect(env.PGPASSWORD).toBe(process.env.PGPASSWORD);
  });
});
