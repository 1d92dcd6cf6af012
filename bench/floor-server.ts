// The floor of the pipeline benchmark: a bare fastify route that inserts one row into SQLite
// (better-sqlite3, WAL, synchronous=FULL: SQLite's default, and the durability kentro uses — a row
// is on disk before the answer). kentro's throughput is reported as a ratio of it.
import Fastify from 'fastify';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const db = new Database(join(mkdtempSync(join(tmpdir(), 'kentro-floor-')), 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.exec('CREATE TABLE rows (id INTEGER PRIMARY KEY, conversation TEXT, text TEXT, at TEXT)');
const insert = db.prepare('INSERT INTO rows (conversation, text, at) VALUES (?, ?, ?)');

const app = Fastify();
app.get('/healthz', async () => ({ ok: true }));
app.post<{ Body: { conversation: string; text: string } }>('/floor', async (req) => {
  const info = insert.run(req.body.conversation, req.body.text, new Date().toISOString());
  return { id: Number(info.lastInsertRowid) };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
