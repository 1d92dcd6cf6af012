import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Activity, ConversationReference } from 'botframework-schema';
import { DeliveryError } from '../../outbox/errors.js';
import type { AzureSettings } from './settings.js';

/** botbuilder's authentication: validates the connector's JWTs and signs kentro's calls. */
export type BotFrameworkAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;

/** Authentication from the environment (MICROSOFT_APP_*), as botbuilder reads its configuration. */
export function authenticationFrom(settings: AzureSettings): BotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication({ ...settings });
}

/** What kentro uses of botframework-connector's ConnectorClient (kept in the turn state). */
interface Conversations {
  conversations: {
    sendToConversation(conversationId: string, activity: Partial<Activity>, options: { timeout: number; abortSignal: AbortSignal }): Promise<{ id?: string }>;
  };
}

/**
 * One request, and one whole attempt with botbuilder's own retries: well within the outbox's 60 s
 * lease, so a slow attempt is never claimed again and sent a second time.
 */
const REQUEST_TIMEOUT_MS = 10_000;
const ATTEMPT_TIMEOUT_MS = 30_000;

/**
 * The Bot Framework side of the channel, through botbuilder's CloudAdapter: authenticates what
 * the connector posts to /api/messages, and sends to a stored conversation reference.
 */
export class AzureConnector {
  private readonly adapter: CloudAdapter;

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    /** '' when authentication is off (tests, the Bot Framework Emulator). */
    private readonly appId: string,
  ) {
    this.adapter = new CloudAdapter(auth);
  }

  /**
   * Runs `handle` for an activity whose Authorization header checks out; 'unauthorized' when it
   * does not. Errors of `handle`, and of checking (the signing keys out of reach), are thrown.
   */
  async receive(json: object, authorization: string, handle: () => Promise<void>): Promise<'ok' | 'unauthorized'> {
    // The activity as the connector posted it (JSON, dates as strings), which is what botbuilder reads.
    const activity = json as Activity;
    let authenticated: Awaited<ReturnType<BotFrameworkAuthentication['authenticateRequest']>>;
    try {
      authenticated = await this.auth.authenticateRequest(activity, authorization);
    } catch (err) {
      const status = (err as { statusCode?: unknown }).statusCode;
      if (status === 401 || status === 403) return 'unauthorized';
      throw err;
    }
    let failure: { error: unknown } | undefined;
    try {
      await this.adapter.processActivityDirect(authenticated, activity, async () => {
        try {
          await handle();
        } catch (error) {
          failure = { error };
        }
      });
    } catch (error) {
      failure ??= { error };
    }
    if (failure) throw failure.error;
    return 'ok';
  }

  /** Posts a new message to the conversation; returns the connector's id of it. */
  async send(reference: ConversationReference, activity: Partial<Activity>): Promise<string> {
    let id = '';
    try {
      await this.adapter.continueConversationAsync(this.appId, reference, async (context: TurnContext) => {
        const client = context.turnState.get(context.adapter.ConnectorClientKey) as Conversations;
        const sent = await client.conversations.sendToConversation(
          reference.conversation.id,
          { ...activity, channelId: reference.channelId, serviceUrl: reference.serviceUrl, conversation: reference.conversation, from: reference.bot, ...(reference.user ? { recipient: reference.user } : {}) },
          { timeout: REQUEST_TIMEOUT_MS, abortSignal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) },
        );
        id = sent.id ?? '';
      });
    } catch (err) {
      throw deliveryError(err);
    }
    return id;
  }
}

/**
 * The connector's answer as retry / permanent / unsubscribed. Only the status and error name are
 * kept: the body may echo the message. botbuilder has already retried 5xx and network errors a
 * few times within this attempt; the outbox's backoff takes over after that.
 */
export function deliveryError(err: unknown): DeliveryError {
  const status = typeof err === 'object' && err !== null && typeof (err as { statusCode?: unknown }).statusCode === 'number' ? (err as { statusCode: number }).statusCode : undefined;
  if (status === undefined) {
    const name = err instanceof Error ? err.name : 'Error';
    const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? ` ${(err as { code: string }).code}` : '';
    return new DeliveryError('retry', `azure connector unreachable: ${name}${code}`);
  }
  const what = `azure connector HTTP ${status}`;
  if (status === 429) return new DeliveryError('retry', what, retryAfter(err));
  // 401: kentro's credentials (MICROSOFT_APP_*) are wrong; the operator fixes them, messages wait.
  if (status >= 500 || status === 401 || status === 408) return new DeliveryError('retry', what);
  // The citizen blocked the bot, or removed it and the conversation is gone.
  if (status === 403 || status === 404) return new DeliveryError('unsubscribed', what);
  return new DeliveryError('permanent', what);
}

function retryAfter(err: unknown): number | undefined {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } }).response?.headers;
  const value = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  const seconds = Number(value);
  return value && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}
