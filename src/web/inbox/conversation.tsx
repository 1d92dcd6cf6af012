import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Api } from './api.js';
import type { Translate } from './i18n.js';
import type { ComponentChildren } from 'preact';
import { cannedFor, mergeMessage, readDetail, readMessage, REFERRAL_STATUSES, type DirectoryEntry, type Referral, suggestsCanned, textDirection, type CannedResponse, type ConversationDetail, type ConversationSummary, type StaffMember, type TranscriptMessage } from './model.js';
import { channelName, formatDateTime, formatWhen, intakeValue, label, languageName } from './format.js';

interface Props {
  id: string;
  /** The queue's copy, shown while the full conversation loads. */
  summary: ConversationSummary | null;
  api: Api;
  t: Translate;
  me: StaffMember;
  canned: CannedResponse[];
  colleagues: StaffMember[] | null;
  directory: DirectoryEntry[];
  /** Bumped when the open conversation must be read again (its status changed, the stream reconnected). */
  revision: number;
  /** A message of this conversation that arrived live. */
  liveMessage: { n: number; raw: unknown };
  onChanged: () => void;
  /** A canned response was added: the list is read again. */
  onCannedChanged: () => void;
}

export function ConversationView({ id, summary, api, t, me, canned, colleagues, directory, revision, liveMessage, onChanged, onCannedChanged }: Props) {
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [failed, setFailed] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const path = `/api/conversations/${encodeURIComponent(id)}`;

  const load = useCallback(async () => {
    try {
      setDetail(readDetail(await api.get(path)));
      setFailed(false);
    } catch {
      setFailed(true);
    }
  }, [api, path]);

  useEffect(() => {
    void load();
  }, [load, revision]);

  useEffect(() => {
    const message = liveMessage.n > 0 ? readMessage(liveMessage.raw, 0) : null;
    if (message) setDetail((d) => (d ? { ...d, messages: mergeMessage(d.messages, message) } : d));
  }, [liveMessage]);

  // Keyboard and screen-reader users land on the conversation they opened (once its heading shows).
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current && heading.current) {
      heading.current.focus();
      focused.current = true;
    }
  });

  async function act(action: 'claim' | 'handback' | 'resolve' | 'assign', body?: unknown) {
    setBusy(true);
    setActionError(null);
    try {
      await api.post(`${path}/${action}`, body);
      await load();
      onChanged();
    } catch (err) {
      setActionError(t('actionFailed', { reason: err instanceof ApiError ? err.title : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  const c = detail?.conversation ?? summary;
  if (!c)
    return failed ? (
      <p class="error" role="alert">
        {t('loadFailed')}{' '}
        <button type="button" onClick={() => void load()}>
          {t('retry')}
        </button>
      </p>
    ) : (
      <p class="muted" role="status">
        {t('loading')}
      </p>
    );

  const mine = c.assigneeId === me.id;
  return (
    <article class="conversation" aria-labelledby="conversation-title" data-status={c.status}>
      <header class="conversation-header">
        <a class="back" href="#/">
          ← {t('back')}
        </a>
        <h2 id="conversation-title" ref={heading} tabIndex={-1}>
          {c.urgent && <span class="tag tag-urgent">{t('urgent')}</span>} {c.contactName ?? t('anonymous')}
        </h2>
        <dl class="facts">
          <div>
            <dt>{t('status')}</dt>
            <dd class="status-value">{t(`status.${c.status}`)}</dd>
          </div>
          <div>
            <dt>{t('channel')}</dt>
            <dd>{channelName(t, c.channel)}</dd>
          </div>
          <div>
            <dt>{t('language')}</dt>
            <dd>{languageName(t, c.language)}</dd>
          </div>
          <div>
            <dt>{t('assignee')}</dt>
            <dd>{c.assigneeName ?? (mine ? me.name : c.assigneeId ? '—' : t('unassigned'))}</dd>
          </div>
          {c.status === 'pending' && c.pendingSince && (
            <div>
              <dt>{t('status.pending')}</dt>
              <dd>{t('waitingSince', { time: formatWhen(c.pendingSince) })}</dd>
            </div>
          )}
        </dl>
        <div class="actions">
          {(c.status === 'pending' || c.status === 'bot' || (c.status === 'open' && !mine)) && (
            <button type="button" class="primary" disabled={busy} onClick={() => void act('claim')}>
              {t('claim')}
            </button>
          )}
          {colleagues && colleagues.some((s) => s.id !== c.assigneeId) && c.status !== 'resolved' && <AssignPicker t={t} colleagues={colleagues} current={c.assigneeId} disabled={busy} onAssign={(staffId) => void act('assign', { staffId })} />}
          {(c.status === 'pending' || c.status === 'open') && (
            <button type="button" disabled={busy} onClick={() => void act('handback')}>
              {t('handback')}
            </button>
          )}
          {c.status !== 'resolved' && (
            <button type="button" disabled={busy} onClick={() => void act('resolve')}>
              {t('resolve')}
            </button>
          )}
        </div>
        {actionError && (
          <p class="error" role="alert">
            {actionError}
          </p>
        )}
      </header>

      <div class="conversation-body">
        <section class="transcript-section" aria-labelledby="transcript-title">
          <h3 id="transcript-title" class="visually-hidden">
            {t('transcript')}
          </h3>
          {detail ? <Transcript messages={detail.messages} language={c.language} t={t} /> : <p class="muted">{t('loading')}</p>}
          <ReplyBox key={id} path={path} api={api} t={t} conversation={c} canned={canned} canReply={c.status !== 'resolved'} onSent={() => void load()} onCannedCreated={onCannedChanged} />
        </section>
        {detail && (
          <Details detail={detail} t={t}>
            <Referrals referrals={detail.referrals} directory={directory} path={path} api={api} t={t} onChanged={() => void load()} />
          </Details>
        )}
      </div>
    </article>
  );
}

function AssignPicker({ t, colleagues, current, disabled, onAssign }: { t: Translate; colleagues: StaffMember[]; current: string | null; disabled: boolean; onAssign: (id: string) => void }) {
  return (
    <label class="assign">
      <span class="visually-hidden">{t('assignTo')}</span>
      <select
        disabled={disabled}
        value=""
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          if (value) onAssign(value);
        }}
      >
        <option value="">{t('assign')}</option>
        {colleagues
          .filter((s) => s.id !== current)
          .map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
      </select>
    </label>
  );
}

function senderLabel(t: Translate, m: TranscriptMessage): string {
  if (m.kind === 'note') return `${t('note')}${m.staffName ? ` · ${m.staffName}` : ''}`;
  if (m.kind === 'incoming') return t('sender.citizen');
  if (m.kind === 'activity') return t('sender.system');
  if (m.senderType === 'staff') return m.staffName ? `${t('sender.staff')} · ${m.staffName}` : t('sender.staff');
  return t('sender.bot');
}

/** Citizen text is always a text node (Preact escapes it); never HTML. */
function Transcript({ messages, language, t }: { messages: TranscriptMessage[]; language: string | null; t: Translate }) {
  const end = useRef<HTMLLIElement>(null);
  const last = messages[messages.length - 1]?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [last]);
  return (
    // Focusable, so the keyboard can scroll a long transcript.
    <ol class="transcript" aria-live="polite" aria-relevant="additions" aria-label={t('transcript')} tabIndex={0}>
      {messages.map((m) => {
        // Staff notes are Greek; what the citizen wrote or received is in their language.
        const lang = m.kind === 'note' ? null : (m.language ?? (m.senderType === 'staff' && m.kind === 'outgoing' ? null : language));
        return (
          <li key={m.id} class={`message message-${m.kind} sender-${m.senderType}`} data-seq={m.seq}>
            <span class="message-meta">
              {senderLabel(t, m)} · <time dateTime={m.createdAt ?? undefined}>{formatWhen(m.createdAt)}</time>
            </span>
            <p class="message-text" dir={textDirection(lang)} lang={lang ?? undefined}>
              {m.text}
              {m.hasAttachment && <span class="muted"> {t('attachment')}</span>}
            </p>
            {m.original && (
              <p class="message-original" lang="el">
                {t('lang.el')}: {m.original}
              </p>
            )}
            {m.buttons.length > 0 && (
              <ul class="message-buttons" aria-label={t('buttonsOffered')}>
                {m.buttons.map((b, i) => (
                  <li key={i} dir="auto">
                    {b}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
      <li ref={end} class="transcript-end" aria-hidden="true" />
    </ol>
  );
}

function Details({ detail, t, children }: { detail: ConversationDetail; t: Translate; children?: ComponentChildren }) {
  return (
    <aside class="details">
      <section aria-labelledby="intake-title">
        <h3 id="intake-title">{t('intake')}</h3>
        {detail.intake ? (
          <dl class="intake">
            {detail.intake.map(([key, value]) => (
              <div key={key}>
                <dt>{label(t, 'intake', key)}</dt>
                <dd dir="auto">{intakeValue(t, key, value)}</dd>
              </div>
            ))}
          </dl>
        ) : (
          <p class="muted">{t('noIntake')}</p>
        )}
        {detail.needs.length > 0 && !detail.intake?.some(([k]) => k === 'needs') && (
          <p>
            {t('intake.needs')}: {intakeValue(t, 'needs', detail.needs)}
          </p>
        )}
      </section>
      <section aria-labelledby="appointments-title">
        <h3 id="appointments-title">{t('appointments')}</h3>
        {detail.appointments.length ? (
          <ul class="appointments">
            {detail.appointments.map((a) => (
              <li key={a.id}>
                <time dateTime={a.startsAt}>{formatDateTime(a.startsAt)}</time> · {label(t, 'appointment', a.status)}
                {a.reason && <span dir="auto"> · {a.reason}</span>}
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">{t('noAppointments')}</p>
        )}
      </section>
      {children}
    </aside>
  );
}

function Referrals({ referrals, directory, path, api, t, onChanged }: { referrals: Referral[]; directory: DirectoryEntry[]; path: string; api: Api; t: Translate; onChanged: () => void }) {
  const [service, setService] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
      return true;
    } catch (err) {
      setError(t('actionFailed', { reason: err instanceof ApiError ? err.title : String(err) }));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function refer(event: SubmitEvent) {
    event.preventDefault();
    if (!service) return;
    const ok = await run(() => api.post(`${path}/referrals`, { serviceKey: service, ...(note.trim() ? { note: note.trim() } : {}) }));
    if (ok) {
      setService('');
      setNote('');
    }
  }

  return (
    <section aria-labelledby="referrals-title" class="referrals">
      <h3 id="referrals-title">{t('referrals')}</h3>
      {referrals.length ? (
        <ul>
          {referrals.map((r) => (
            <li key={r.id}>
              <span dir="auto">{r.serviceName}</span>
              {r.note && (
                <span class="muted" dir="auto">
                  {' '}
                  · {r.note}
                </span>
              )}
              <label class="visually-hidden" for={`referral-${r.id}`}>
                {t('referralStatus', { service: r.serviceName })}
              </label>
              <select id={`referral-${r.id}`} value={r.status} disabled={busy} onChange={(e) => void run(() => api.patch(`/api/referrals/${encodeURIComponent(r.id)}`, { status: (e.currentTarget as HTMLSelectElement).value }))}>
                {REFERRAL_STATUSES.map((status) => (
                  <option key={status} value={status}>
                    {label(t, 'referral', status)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">{t('noReferrals')}</p>
      )}
      {directory.length > 0 && (
        <form class="refer" onSubmit={refer}>
          <label for="refer-service">{t('referTo')}</label>
          <select id="refer-service" value={service} onChange={(e) => setService((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t('chooseService')}</option>
            {directory.map((d) => (
              <option key={d.key} value={d.key}>
                {d.name}
              </option>
            ))}
          </select>
          <label for="refer-note">{t('referNote')}</label>
          <input id="refer-note" type="text" maxLength={2000} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" disabled={busy || !service}>
            {t('refer')}
          </button>
        </form>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

const CANNED_LANGUAGES = ['en', 'ar', 'fa', 'uk', 'fr'] as const;

/** A centre's own canned response: the Greek text and, where staff can, its translations. */
function NewCanned({ api, t, onCreated }: { api: Api; t: Translate; onCreated: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const panel = useRef<HTMLDetailsElement>(null);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    const texts: Record<string, string> = { el: value('el') };
    for (const lang of CANNED_LANGUAGES) if (value(lang)) texts[lang] = value(lang);
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/canned-responses', { shortCode: value('shortCode'), texts });
      formElement.reset();
      if (panel.current) panel.current.open = false;
      onCreated();
    } catch (err) {
      setError(t('actionFailed', { reason: err instanceof ApiError ? err.title : String(err) }));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details class="new-canned" ref={panel}>
      <summary>{t('newCanned')}</summary>
      <form onSubmit={submit}>
        <label for="canned-code">{t('cannedCode')}</label>
        <input id="canned-code" name="shortCode" required pattern="[a-z0-9_\-]+" maxLength={40} />
        <label for="canned-el">{t('lang.el')}</label>
        <textarea id="canned-el" name="el" required rows={2} lang="el" />
        <p class="muted hint">{t('cannedTranslationsHint')}</p>
        {CANNED_LANGUAGES.map((lang) => (
          <div key={lang} class="canned-translation">
            <label for={`canned-${lang}`}>{languageName(t, lang)}</label>
            <textarea id={`canned-${lang}`} name={lang} rows={2} lang={lang} dir={textDirection(lang)} />
          </div>
        ))}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('saveCanned')}
        </button>
      </form>
    </details>
  );
}

interface ReplyProps {
  path: string;
  api: Api;
  t: Translate;
  conversation: ConversationSummary;
  canned: CannedResponse[];
  canReply: boolean;
  onSent: () => void;
  onCannedCreated: () => void;
}

function ReplyBox({ path, api, t, conversation, canned, canReply, onSent, onCannedCreated }: ReplyProps) {
  const [text, setText] = useState('');
  const [note, setNote] = useState(!canReply);
  const [chosen, setChosen] = useState<CannedResponse | null>(null);
  const [filter, setFilter] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLDetailsElement>(null);
  const language = conversation.language;

  useEffect(() => {
    if (!canReply) setNote(true);
  }, [canReply]);

  // Editing a canned response's text makes it free text (no translation can follow an edit).
  const cannedSelected = !!chosen && text === (chosen.texts.el ?? '');
  const toCitizen = !note;
  const blocked = toCitizen && !canReply;

  async function send() {
    const body = text.trim();
    if (!body || sending || blocked) return;
    setSending(true);
    setError(null);
    try {
      await api.post(`${path}/messages`, { text: body, private: note, ...(cannedSelected && chosen ? { cannedResponseId: chosen.id } : {}) });
      setText('');
      setChosen(null);
      onSent();
    } catch (err) {
      setError(t('actionFailed', { reason: err instanceof ApiError ? err.title : String(err) }));
    } finally {
      setSending(false);
      box.current?.focus();
    }
  }

  function pick(response: CannedResponse) {
    setChosen(response);
    setText(response.texts.el ?? cannedFor(response, 'el').text);
    setNote(false);
    if (picker.current) picker.current.open = false;
    box.current?.focus();
  }

  const query = filter.trim().toLowerCase();
  const shown = canned.filter((r) => !query || r.shortCode.toLowerCase().includes(query) || Object.values(r.texts).some((s) => s.toLowerCase().includes(query)));
  const preview = cannedSelected && chosen ? cannedFor(chosen, language) : null;
  const citizenLanguage = languageName(t, language);

  return (
    <form
      class={`reply${note ? ' is-note' : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      {!canReply && <p class="muted hint">{t('replyClosed')}</p>}
      <details class="canned" ref={picker}>
        <summary>{t('cannedResponses')}</summary>
        <label class="visually-hidden" for="canned-filter">
          {t('cannedFilter')}
        </label>
        <input id="canned-filter" type="search" placeholder={t('cannedFilter')} value={filter} onInput={(e) => setFilter((e.currentTarget as HTMLInputElement).value)} />
        {shown.length === 0 ? (
          <p class="muted">{t('noCanned')}</p>
        ) : (
          <ul class="canned-list">
            {shown.map((r) => {
              const theirs = cannedFor(r, language);
              return (
                <li key={r.id}>
                  <button type="button" class="canned-option" data-canned={r.shortCode} onClick={() => pick(r)}>
                    <span class="short-code">{r.shortCode}</span>
                    <span class="canned-el" lang="el">
                      {r.texts.el ?? ''}
                    </span>
                    {language && !language.startsWith('el') && theirs.translated && (
                      <span class="canned-theirs" dir={textDirection(language)} lang={language}>
                        {theirs.text}
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
        <NewCanned api={api} t={t} onCreated={onCannedCreated} />
      </details>

      <label for="reply-text">{note ? t('note') : t('reply')}</label>
      <textarea
        id="reply-text"
        ref={box}
        rows={3}
        value={text}
        placeholder={note ? t('notePlaceholder') : t('replyPlaceholder')}
        onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            void send();
          }
        }}
      />
      {preview && language && !language.startsWith('el') && (
        <div class="preview-box">
          <span class="muted">{t('citizenReceives', { language: citizenLanguage })}</span>
          <p dir={textDirection(language)} lang={language} class="canned-preview">
            {preview.text}
          </p>
          {!preview.translated && <p class="warning">{t('noTranslation', { language: citizenLanguage })}</p>}
        </div>
      )}
      {suggestsCanned(language, text, cannedSelected, note) && (
        <p class="warning free-text-notice" role="status">
          {t('freeTextNotice', { language: citizenLanguage })}
        </p>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="reply-actions">
        <label class="toggle">
          <input type="checkbox" checked={note} disabled={!canReply} onChange={(e) => setNote((e.currentTarget as HTMLInputElement).checked)} /> {t('internalNote')}
        </label>
        <button type="submit" class="primary" disabled={sending || !text.trim() || blocked}>
          {sending ? t('sending') : note ? t('saveNote') : t('send')}
        </button>
      </div>
    </form>
  );
}
