import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problem } from '../../../../src/bot/channels/webchat/problems.js';
import { TokenService, bearerToken, tokenKey } from '../../../../src/bot/channels/webchat/tokens.js';
import type { Db } from '../../../../src/db/client.js';
import { migratedDatabase, providers } from '../../../support/db.js';

const claims = { conversationId: 'conv-1', userId: 'dl_1' };

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Problem);
  return (err as Problem).code;
}

describe('web chat tokens', () => {
  const tokens = new TokenService(new Uint8Array(32).fill(7));

  it('a token names its conversation and user, and expires after the configured hour', async () => {
    const { token, expiresIn } = await tokens.issue(claims);
    expect(expiresIn).toBe(3600);
    expect(await tokens.verify(token)).toEqual(claims);
  });

  it('an expired token is "expired-token"; a tampered or foreign one "invalid-token"', async () => {
    const { token: old } = await tokens.issue(claims, { ttlSeconds: -1 });
    expect(await problemOf(tokens.verify(old))).toBe('expired-token');

    const { token } = await tokens.issue(claims);
    const [h, p, s] = token.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), cid: 'conv-2' })).toString('base64url');
    expect(await problemOf(tokens.verify(`${h}.${otherPayload}.${s}`))).toBe('invalid-token');

    const foreign = new TokenService(new Uint8Array(32).fill(8));
    expect(await problemOf(foreign.verify(token))).toBe('invalid-token');
    expect(await problemOf(tokens.verify('not a token'))).toBe('invalid-token');
  });

  it('stream tokens open only the stream, for two minutes', async () => {
    const stream = await tokens.issue(claims, { use: 'stream' });
    expect(stream.expiresIn).toBe(120);
    expect(await tokens.verify(stream.token, 'stream')).toEqual(claims);
    expect(await problemOf(tokens.verify(stream.token))).toBe('invalid-token');
    const { token } = await tokens.issue(claims);
    expect(await problemOf(tokens.verify(token, 'stream'))).toBe('invalid-token');
  });

  it('reads the bearer token of an Authorization header', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  x ')).toBe('x');
    expect(bearerToken('Basic x')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
  });
});

describe.each(providers())('the token signing key on %s', (provider) => {
  let db: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ db, cleanup } = await migratedDatabase(provider));
  });
  afterAll(async () => cleanup());

  it('without KENTRO_SECRET is created once, stored, and the same for every replica and restart', async () => {
    const [a, b] = await Promise.all([tokenKey(db.prisma), tokenKey(db.prisma)]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(a).toHaveLength(32);
    expect(await db.prisma.setting.count({ where: { key: 'webchat.tokenSecret' } })).toBe(1);
    // A token of one "replica" is valid on another.
    const { token } = await new TokenService(a).issue(claims);
    expect(await new TokenService(await tokenKey(db.prisma)).verify(token)).toEqual(claims);
  });

  it('with KENTRO_SECRET is derived from it (and differs from the secret itself)', async () => {
    const secret = 'a-master-secret-of-at-least-32-characters';
    const key = await tokenKey(db.prisma, secret);
    expect(Buffer.from(key).equals(Buffer.from(await tokenKey(db.prisma, secret)))).toBe(true);
    expect(Buffer.from(key).toString()).not.toContain(secret.slice(0, 16));
    expect(Buffer.from(key).equals(Buffer.from(await tokenKey(db.prisma)))).toBe(false);
  });
});
