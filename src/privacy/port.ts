import type { Db } from '../db/client.js';
import type { TurnIdentity } from '../dialogs/engine/services.js';
import type { PrivacyPort } from '../dialogs/flows/privacy/port.js';
import { collectContactData } from './collect.js';
import { DEFAULT_PRIVACY_CONFIG, type PrivacyConfig } from './config.js';
import { requestErasure } from './jobs.js';
import { exportKey, exportToken, exportUrl } from './link.js';

/** The privacy port of one turn, for the contact of its conversation. */
export function createPrivacyPort(db: Db, identity: TurnIdentity, config: PrivacyConfig = DEFAULT_PRIVACY_CONFIG): PrivacyPort {
  return {
    summary: () => collectContactData(db.prisma, identity.contactId),
    retention: () => config.retention,
    exportLink: async () => {
      const { publicUrl } = config;
      if (!publicUrl) return null;
      return exportUrl(publicUrl, await exportToken(await exportKey(db.prisma), identity.contactId));
    },
    requestErasure: async () => {
      await requestErasure(db, identity.contactId, { type: 'contact' });
    },
  };
}
