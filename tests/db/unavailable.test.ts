import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../../src/db/client.js';

/** The shapes Prisma 7 and its PostgreSQL driver adapter give these errors (seen in the fault tests). */
const adapterError = (cause: Record<string, unknown>) => Object.assign(new Error('Invalid `prisma.x()` invocation'), { code: 'P2039', meta: { driverAdapterError: { name: 'DriverAdapterError', cause } } });

describe('a database that is away is told apart from a bug', () => {
  it('recognises a database refusing, restarting, unreachable or out of connections', () => {
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '55000', message: 'database "kentro" is not currently accepting connections' }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '57P03', message: 'the database system is starting up' }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'DatabaseNotReachable', host: '127.0.0.1', port: 5432 }))).toBe(true);
    expect(isDatabaseUnavailable(adapterError({ kind: 'TooManyConnections' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("Can't reach database server"), { code: 'P1001' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(true);
  });

  it('leaves real faults alone: constraint violations, other states, plain errors', () => {
    expect(isDatabaseUnavailable(adapterError({ kind: 'UniqueConstraintViolation', constraint: { fields: ['id'] } }))).toBe(false);
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '55000', message: 'object not in prerequisite state' }))).toBe(false);
    expect(isDatabaseUnavailable(adapterError({ kind: 'postgres', code: '42P01', message: 'relation "x" does not exist' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('Unique constraint failed'), { code: 'P2002' }))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable('a string')).toBe(false);
  });
});
