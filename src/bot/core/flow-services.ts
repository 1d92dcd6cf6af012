import type { Content } from '../../content/load.js';
import type { Db } from '../../db/client.js';
import type { FlowServices, TurnIdentity } from '../../dialogs/engine/services.js';

/**
 * The ports the flows get for one turn, backed by the database. One line per capability
 * (appointments, consent and intake, handoff); each port lives in its own folder.
 */
export function createFlowServices(db: Db, content: Content): (identity: TurnIdentity) => FlowServices {
  void db;
  void content;
  return (identity) => ({ identity });
}
