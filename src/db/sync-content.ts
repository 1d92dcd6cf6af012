import type { Content } from '../content/load.js';
import type { Prisma } from './client.js';

/** Channels every centre has an inbox of from the start; channel issues add their own. */
const CENTRE_CHANNELS = ['webchat', 'terminal'] as const;

/** Deterministic inbox ids, so concurrent replicas upsert the same row instead of racing. */
export function inboxId(channel: string, centreId: string | null): string {
  return centreId ? `${channel}-${centreId}` : channel;
}

/**
 * Brings the database in line with content/: centres, their inboxes and their directory of
 * local services. Idempotent; runs at every start-up so edited YAML takes effect on restart.
 */
export async function syncContent(prisma: Prisma, content: Content): Promise<void> {
  for (const centre of content.centres.values()) {
    const data = {
      name: centre.name.el,
      nameEn: centre.name.en,
      municipality: centre.municipality.el,
      timezone: centre.timezone,
      active: true,
    };
    await raced(() => prisma.centre.upsert({ where: { id: centre.id }, create: { id: centre.id, ...data }, update: data }));
    for (const channel of CENTRE_CHANNELS) {
      const id = inboxId(channel, centre.id);
      const name = `${centre.name.el} · ${channel}`;
      await raced(() => prisma.inbox.upsert({ where: { id }, create: { id, centreId: centre.id, channel, name }, update: { name } }));
    }
    for (const entry of centre.directory) {
      const fields = {
        name: entry.name,
        nameEn: entry.nameEn,
        category: entry.category,
        phone: entry.phone ?? null,
        email: entry.email ?? null,
        address: entry.address ?? null,
        url: entry.url ?? null,
        notes: entry.notes ?? null,
      };
      await raced(() =>
        prisma.serviceDirectoryEntry.upsert({
          where: { centreId_key: { centreId: centre.id, key: entry.key } },
          create: { centreId: centre.id, key: entry.key, ...fields },
          update: fields,
        }),
      );
    }
  }
  // Shared inboxes: a conversation that starts before the citizen chose a centre.
  for (const channel of CENTRE_CHANNELS) await ensureSharedInbox(prisma, channel);
  // A centre removed from content/ stays in the database (its history stays) but is inactive.
  await prisma.centre.updateMany({ where: { id: { notIn: [...content.centres.keys()] } }, data: { active: false } });
}

/**
 * The inbox of a channel shared by every centre (web chat before a centre is chosen, Telegram,
 * Viber), created once, also when several replicas start together.
 */
export async function ensureSharedInbox(prisma: Prisma, channel: string): Promise<string> {
  const id = inboxId(channel, null);
  await raced(() => prisma.inbox.upsert({ where: { id }, create: { id, centreId: null, channel, name: `kentro · ${channel}` }, update: {} }));
  return id;
}

/**
 * An upsert is a read then a write: two replicas starting together may both try the insert.
 * The loser's unique violation means the row now exists, so one more try takes the update path.
 */
async function raced<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'P2002') throw err;
    return upsert();
  }
}
