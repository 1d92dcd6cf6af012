import type { TranscriptMessage } from './types.js';

export type MessageListener = (messages: TranscriptMessage[]) => void;

/**
 * Live feed of stored messages, published after commit: web chat streams and the staff inbox
 * subscribe. In-process; with several replicas a database notification fans it out.
 */
export class MessageBus {
  private readonly byConversation = new Map<string, Set<MessageListener>>();
  /** Listeners of every conversation, each with whether it wants messages right now. */
  private readonly everything = new Map<(conversationId: string, messages: TranscriptMessage[]) => void, () => boolean>();
  private readonly resyncs = new Set<() => void>();
  private readonly typingByConversation = new Map<string, Set<() => void>>();
  private readonly typingEverywhere = new Set<(conversationId: string) => void>();

  subscribe(conversationId: string, listener: MessageListener): () => void {
    let set = this.byConversation.get(conversationId);
    if (!set) this.byConversation.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byConversation.delete(conversationId);
    };
  }

  /** `wants`: false while the listener has nobody to tell (the staff hub without open streams). */
  subscribeAll(listener: (conversationId: string, messages: TranscriptMessage[]) => void, wants: () => boolean = () => true): () => void {
    this.everything.set(listener, wants);
    return () => this.everything.delete(listener);
  }

  /**
   * Whether publishing messages of `conversationId` would reach anyone here: a socket of that
   * conversation, or a listener of everything that wants them now. The replica bridge asks before
   * reading another replica's messages back from the database.
   */
  wanted(conversationId: string): boolean {
    if (this.byConversation.has(conversationId)) return true;
    for (const wants of this.everything.values()) if (wants()) return true;
    return false;
  }

  /** Listeners that keep their own view (the staff event streams) re-read it when `resync` is called. */
  onResync(listener: () => void): () => void {
    this.resyncs.add(listener);
    return () => this.resyncs.delete(listener);
  }

  /** Messages may have been missed (the replicas' database listener was away for a while). */
  resync(): void {
    for (const listener of this.resyncs) safely(listener);
  }

  /**
   * The bot started a turn ("typing…"): ephemeral, never stored. Web chat sockets show it;
   * with several replicas the bridge carries it to the replica holding the citizen's socket.
   */
  typing(conversationId: string): void {
    for (const listener of this.typingByConversation.get(conversationId) ?? []) safely(listener);
    for (const listener of this.typingEverywhere) safely(() => listener(conversationId));
  }

  onTyping(conversationId: string, listener: () => void): () => void {
    let set = this.typingByConversation.get(conversationId);
    if (!set) this.typingByConversation.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.typingByConversation.delete(conversationId);
    };
  }

  onAnyTyping(listener: (conversationId: string) => void): () => void {
    this.typingEverywhere.add(listener);
    return () => this.typingEverywhere.delete(listener);
  }

  publish(conversationId: string, messages: TranscriptMessage[]): void {
    if (messages.length === 0) return;
    for (const listener of this.byConversation.get(conversationId) ?? []) safely(() => listener(messages));
    for (const listener of this.everything.keys()) safely(() => listener(conversationId, messages));
  }
}

/** A failing listener (a closed socket) must not stop the others or the turn. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // the listener owns its errors
  }
}
