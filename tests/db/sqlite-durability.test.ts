import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../src/db/client.js';

const dir = mkdtempSync(join(tmpdir(), 'kentro-durability-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('SQLite durability', () => {
  it('commits are synced to disk (WAL, synchronous=FULL) on the connection Prisma and the turn hot path share', async () => {
    const db = await openDb(`file:${join(dir, 'k.db')}`);
    try {
      const [journal] = await db.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
      expect(journal?.journal_mode).toBe('wal');
      // 2 = FULL: an acknowledged message survives a power cut, not only a crash of kentro.
      expect(Number(db.sqlite?.pragma('synchronous', { simple: true }))).toBe(2);
      expect(Number(db.sqlite?.pragma('foreign_keys', { simple: true }))).toBe(1);
    } finally {
      await db.close();
    }
  });
});
