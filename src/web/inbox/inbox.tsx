import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from './api.js';
import type { Translate } from './i18n.js';
import { connectLive, type LiveStatus } from './live.js';
import { countOf, listOf, QUEUES, readCanned, readDirectoryEntry, type DirectoryEntry, readStaff, readSummary, sortQueue, textDirection, type CannedResponse, type ConversationSummary, type LiveEvent, type Queue, type StaffMember } from './model.js';
import { channelName, formatWhen, languageName } from './format.js';
import { ConversationView } from './conversation.js';

type Lists = Record<Queue, ConversationSummary[]>;
const EMPTY: Lists = { pending: [], open: [], bot: [], resolved: [] };

/** The conversation in the address (#/c/<id>), so a reload or a shared link opens it again. */
function selectedFromHash(): string | null {
  const match = /^#\/c\/([^/?#]+)/.exec(window.location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function Inbox({ api, t, me, onLogout }: { api: Api; t: Translate; me: StaffMember; onLogout: () => void }) {
  const [lists, setLists] = useState<Lists>(EMPTY);
  const [counts, setCounts] = useState<Partial<Record<Queue, number>>>({});
  const [loaded, setLoaded] = useState(false);
  const [queue, setQueue] = useState<Queue>('pending');
  const [selected, setSelected] = useState<string | null>(selectedFromHash);
  const [unread, setUnread] = useState<Record<string, number>>({});
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [canned, setCanned] = useState<CannedResponse[]>([]);
  const [colleagues, setColleagues] = useState<StaffMember[] | null>(null);
  const [directory, setDirectory] = useState<DirectoryEntry[]>([]);
  const [revision, setRevision] = useState(0);
  const [liveMessage, setLiveMessage] = useState<{ n: number; raw: unknown }>({ n: 0, raw: null });
  const [flash, setFlash] = useState(false);
  const [account, setAccount] = useState(false);
  const [onlyMine, setOnlyMine] = useState(false);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;

  // Refreshes overlap when events come quickly: only the latest one's answers are shown.
  const latestRefresh = useRef(0);
  const refreshLists = useCallback(async () => {
    const mine = ++latestRefresh.current;
    const answers = await Promise.all(QUEUES.map((q) => api.get(`/api/conversations?status=${q}`).catch(() => null)));
    if (mine !== latestRefresh.current) return;
    const next: Lists = { pending: [], open: [], bot: [], resolved: [] };
    const nextCounts: Partial<Record<Queue, number>> = {};
    QUEUES.forEach((q, i) => {
      const exact = countOf(answers[i], q);
      if (exact !== null) nextCounts[q] = exact;
      const items = listOf(answers[i], 'conversations')
        .map(readSummary)
        .filter((c): c is ConversationSummary => c !== null);
      next[q] = sortQueue(q, items);
    });
    setLists(next);
    setCounts(nextCounts);
    setLoaded(true);
  }, [api]);

  // Many events arrive together (a message and its status change): one refresh for them all.
  const timer = useRef<number | undefined>(undefined);
  const scheduleRefresh = useCallback(() => {
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void refreshLists(), 120);
  }, [refreshLists]);

  const loadCanned = useCallback(async () => {
    try {
      setCanned(
        listOf(await api.get('/api/canned-responses'), 'cannedResponses', 'responses')
          .map(readCanned)
          .filter((c): c is CannedResponse => c !== null),
      );
    } catch {
      setCanned([]);
    }
  }, [api]);

  const onEvent = useCallback(
    (event: LiveEvent) => {
      if (event.incoming && event.conversationId && event.conversationId !== selectedRef.current) {
        const id = event.conversationId;
        setUnread((u) => ({ ...u, [id]: (u[id] ?? 0) + 1 }));
      }
      if (event.urgent) setFlash(true);
      if (event.type.startsWith('canned')) void loadCanned();
      // The open conversation: a message that comes with the event joins its transcript; any
      // other change reads it again (each read is audit-logged, so not on every message).
      if (event.conversationId && event.conversationId === selectedRef.current) {
        if (event.message) setLiveMessage((n) => ({ n: n.n + 1, raw: event.message }));
        else setRevision((r) => r + 1);
      }
      scheduleRefresh();
    },
    [scheduleRefresh, loadCanned],
  );

  useEffect(() => {
    void refreshLists();
    void loadCanned();
    api.get('/api/directory').then(
      (body) => setDirectory(listOf(body, 'entries').map(readDirectoryEntry).filter((d): d is DirectoryEntry => d !== null)),
      () => setDirectory([]),
    );
    api.get('/api/staff').then(
      (body) =>
        setColleagues(
          listOf(body, 'staff')
            .filter((s) => !(typeof s === 'object' && s !== null && 'active' in s && s.active === false))
            .map(readStaff)
            .filter((s): s is StaffMember => s !== null),
        ),
      () => setColleagues(null),
    );
    const stop = connectLive(onEvent, (status) => {
      setLive(status);
      if (status === 'live') {
        // (Re)connected: re-read what is shown, in case events were missed.
        scheduleRefresh();
        setRevision((r) => r + 1);
      }
      // A stream that drops may mean the session ended: /api/me answers 401 and the login shows.
      if (status === 'reconnecting') api.get('/api/me').catch(() => {});
    });
    const onHash = () => setSelected(selectedFromHash());
    window.addEventListener('hashchange', onHash);
    return () => {
      stop();
      window.removeEventListener('hashchange', onHash);
      window.clearTimeout(timer.current);
    };
  }, [api, refreshLists, loadCanned, onEvent, scheduleRefresh]);

  const current = useMemo(() => QUEUES.flatMap((q) => lists[q]).find((c) => c.id === selected) ?? null, [lists, selected]);

  // Opening a conversation reads it; its queue becomes the visible one, and follows it when
  // it moves (claimed: pending → open).
  useEffect(() => {
    if (!selected) return;
    setUnread((u) => (u[selected] ? { ...u, [selected]: 0 } : u));
  }, [selected]);
  const currentStatus = current?.status;
  useEffect(() => {
    if (currentStatus) setQueue(currentStatus);
  }, [selected, currentStatus]);

  const urgentWaiting = lists.pending.filter((c) => c.urgent);
  useEffect(() => {
    const prefix = urgentWaiting.length ? `(${urgentWaiting.length}) ⚠ ` : '';
    document.title = prefix + t('appTitle');
  }, [urgentWaiting.length, t]);
  useEffect(() => {
    if (!flash) return;
    const id = window.setTimeout(() => setFlash(false), 4_000);
    return () => window.clearTimeout(id);
  }, [flash]);

  // The open conversation is being read.
  const shown = queue === 'open' && onlyMine ? lists.open.filter((c) => c.assigneeId === me.id) : lists[queue];
  const unreadOf = (c: ConversationSummary) => (c.id === selected ? 0 : (c.unread ?? unread[c.id] ?? 0));

  return (
    <div class={`inbox${selected ? ' has-selection' : ''}`}>
      <a class="skip" href="#conversation">
        {t('skipToConversation')}
      </a>
      <header class="topbar">
        <h1>{t('appTitle')}</h1>
        <span class={`live live-${live}`} role="status">
          {live === 'live' ? t('live') : t('reconnecting')}
        </span>
        <span class="me">
          {me.name}
          {me.centreName ? ` · ${me.centreName}` : ''}
        </span>
        {me.role === 'admin' && <a href="#/reports">{t('reports.link')}</a>}
        <a href="#/unknown">{t('unknown.link')}</a>
        <button type="button" class="link" aria-expanded={account} aria-controls="account" onClick={() => setAccount((a) => !a)}>
          {t('changePassword')}
        </button>
        <button type="button" class="link" onClick={onLogout}>
          {t('logout')}
        </button>
      </header>
      {account && <PasswordForm api={api} t={t} onDone={() => setAccount(false)} />}

      {urgentWaiting.length > 0 && (
        <div class={`urgent-banner${flash ? ' flash' : ''}`} role="alert">
          <span aria-hidden="true">⚠</span> {t('urgentNotice', { count: urgentWaiting.length })}{' '}
          <a href={`#/c/${encodeURIComponent(urgentWaiting[0]!.id)}`}>{t('openFirstUrgent')}</a>
        </div>
      )}

      <div class="panes">
      <nav class="queues" aria-label={t('queues')}>
        <div class="queue-tabs" role="group" aria-label={t('queues')}>
          {QUEUES.map((q) => {
            const count = counts[q] ?? lists[q].length;
            const queueUnread = lists[q].reduce((n, c) => n + unreadOf(c), 0);
            return (
              <button type="button" key={q} class={`queue-tab queue-${q}`} aria-pressed={queue === q} onClick={() => setQueue(q)} data-queue={q}>
                {t(`status.${q}`)} <span class="count">{count}</span>
                {queueUnread > 0 && <span class="badge" aria-label={t('unreadLabel', { count: queueUnread })}>{queueUnread}</span>}
              </button>
            );
          })}
        </div>
        {queue === 'open' && (
          <label class="toggle mine">
            <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine((e.currentTarget as HTMLInputElement).checked)} /> {t('onlyMine')}
          </label>
        )}
        {!loaded ? (
          <p class="muted">{t('loading')}</p>
        ) : shown.length === 0 ? (
          <p class="muted">{t('emptyQueue')}</p>
        ) : (
          <ul class="conversation-list">
            {shown.map((c) => (
              <ConversationItem key={c.id} c={c} t={t} active={c.id === selected} unread={unreadOf(c)} />
            ))}
          </ul>
        )}
      </nav>

      <main id="conversation" class="conversation-pane" tabIndex={-1}>
        {selected ? (
          <ConversationView key={selected} id={selected} summary={current} api={api} t={t} me={me} canned={canned} colleagues={colleagues} directory={directory} revision={revision} liveMessage={liveMessage} onChanged={scheduleRefresh} onCannedChanged={() => void loadCanned()} />
        ) : (
          <p class="muted placeholder">{t('selectConversation')}</p>
        )}
      </main>
      </div>
    </div>
  );
}

function ConversationItem({ c, t, active, unread }: { c: ConversationSummary; t: Translate; active: boolean; unread: number }) {
  return (
    <li class={`conversation-item${c.urgent ? ' urgent' : ''}${active ? ' active' : ''}`} data-conversation={c.id}>
      <a href={`#/c/${encodeURIComponent(c.id)}`} aria-current={active ? 'true' : undefined}>
        <span class="item-top">
          {c.urgent && <span class="tag tag-urgent">{t('urgent')}</span>}
          <span class="name">{c.contactName ?? t('anonymous')}</span>
          {unread > 0 && (
            <span class="badge" aria-label={t('unreadLabel', { count: unread })}>
              {unread}
            </span>
          )}
          <time class="when">{formatWhen(c.status === 'pending' ? (c.pendingSince ?? c.lastActivityAt) : c.lastActivityAt)}</time>
        </span>
        <span class="item-meta">
          <span class="tag">{languageName(t, c.language)}</span> <span class="tag">{channelName(t, c.channel)}</span>
          {c.assigneeName && <span class="assignee"> {t('assignedTo', { name: c.assigneeName })}</span>}
        </span>
        {c.preview && (
          <span class="preview" dir={textDirection(c.language)}>
            {c.preview}
          </span>
        )}
      </a>
    </li>
  );
}

/** Staff change their own password (the first one came from the administrator); other sessions end. */
function PasswordForm({ api, t, onDone }: { api: Api; t: Translate; onDone: () => void }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const current = String(form.get('current') ?? '');
    const next = String(form.get('new') ?? '');
    if (next !== String(form.get('repeat') ?? '')) {
      setMessage({ ok: false, text: t('passwordMismatch') });
      return;
    }
    setBusy(true);
    try {
      await api.post('/api/auth/password', { current, new: next });
      formElement.reset();
      setMessage({ ok: true, text: t('passwordChanged') });
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError && err.status === 401 ? t('passwordWrong') : t('actionFailed', { reason: err instanceof ApiError ? err.title : String(err) }) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section id="account" class="account" aria-labelledby="account-title">
      <form onSubmit={submit}>
        <h2 id="account-title">{t('changePassword')}</h2>
        <label for="password-current">{t('currentPassword')}</label>
        <input id="password-current" name="current" type="password" autocomplete="current-password" required />
        <label for="password-new">{t('newPassword')}</label>
        <input id="password-new" name="new" type="password" autocomplete="new-password" required minLength={10} maxLength={72} />
        <label for="password-repeat">{t('repeatPassword')}</label>
        <input id="password-repeat" name="repeat" type="password" autocomplete="new-password" required minLength={10} maxLength={72} />
        {message && (
          <p class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <div class="reply-actions">
          <button type="button" onClick={onDone}>
            {t('close')}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t('changePassword')}
          </button>
        </div>
      </form>
    </section>
  );
}
