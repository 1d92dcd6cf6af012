import type { Language } from '../bot/core/types.js';
import type { Content } from '../content/load.js';
import type { Db } from '../db/client.js';
import type { TurnIdentity } from '../dialogs/engine/services.js';
import type { ConsentKind, ConsentPort } from './port.js';

/**
 * Consent records in the Consent table: one row per decision (yes or no), never edited except
 * to mark it withdrawn. Without a privacy notice in content there is nothing to consent to:
 * the port is not given (flows then say the service is unavailable).
 */
export function createConsentPort(db: Db, content: Content, identity: TurnIdentity): ConsentPort | undefined {
  const notice = content.privacy;
  if (!notice) return undefined;
  const { prisma } = db;
  const { contactId } = identity;
  const noticeVersion = notice.version;

  const latest = (kind: ConsentKind) =>
    prisma.consent.findFirst({
      where: { contactId, kind, noticeVersion, withdrawnAt: null },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      select: { granted: true },
    });

  return {
    noticeVersion,
    async granted(kind = 'personal') {
      return (await latest(kind))?.granted === true;
    },
    async record(granted: boolean, language: Language, kind: ConsentKind = 'personal') {
      // The same decision again (or this turn run a second time) adds nothing.
      if ((await latest(kind))?.granted === granted) return;
      await prisma.consent.create({ data: { contactId, kind, noticeVersion, granted, channel: identity.channel, language } });
    },
    async withdraw(kind = 'personal') {
      await prisma.consent.updateMany({ where: { contactId, kind, withdrawnAt: null }, data: { withdrawnAt: new Date() } });
    },
  };
}
