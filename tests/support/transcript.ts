import { defaultContentDir, loadContent, type Content } from '../../src/content/load.js';
import { runTurn, type FlowRegistry, type Reply, type Session } from '../../src/dialogs/engine/engine.js';
import type { DialogState } from '../../src/dialogs/engine/state.js';
import type { FlowServices } from '../../src/dialogs/engine/services.js';
import { createFlowRegistry } from '../../src/dialogs/registry.js';

let content: Content | undefined;
export async function shippedContent(): Promise<Content> {
  return (content ??= await loadContent(defaultContentDir()));
}

/**
 * A conversation with the dialog engine alone (no database, no network): each `say` is a
 * citizen turn, and returns the bot's replies. State round-trips through JSON as it does in
 * the database. `services` are the ports steps may use (fakes, or the database's).
 */
export async function dialog(session: Partial<Session> = {}, services?: FlowServices, flows: FlowRegistry = createFlowRegistry()) {
  const c = await shippedContent();
  let state: DialogState | null = null;
  let current: Session = { language: null, centreId: null, ...session };
  const step = async (input: Parameters<typeof runTurn>[4]): Promise<Reply[]> => {
    const result = await runTurn(flows, c, state, current, input, services);
    state = JSON.parse(JSON.stringify(result.state)) as DialogState;
    current = result.session;
    return result.replies;
  };
  return {
    start: () => step({ kind: 'start' }),
    say: (text: string) => step({ kind: 'message', text }),
    press: (value: string, title = value) => step({ kind: 'message', text: title, value }),
    get session() {
      return current;
    },
    get state() {
      return state;
    },
  };
}

export function texts(replies: Reply[]): string {
  return replies.map((r) => r.text).join('\n');
}

export function buttons(replies: Reply[]): string[] {
  return replies.flatMap((r) => r.buttons ?? []).map((b) => b.title);
}
