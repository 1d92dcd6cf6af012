import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { Translate } from './i18n.js';

/** The page's address: #/unknown (any staff member of the centre). */
export const UNKNOWN_HASH = '#/unknown';

/** True while the page's address is the "not understood" page. */
export function useUnknownRoute(): boolean {
  const [on, setOn] = useState(() => window.location.hash.startsWith(UNKNOWN_HASH));
  useEffect(() => {
    const onHash = () => setOn(window.location.hash.startsWith(UNKNOWN_HASH));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return on;
}

/** A group as GET /api/nlu/unknown sends it (src/staff-api/routes/nlu.ts). */
interface Group {
  text: string;
  language: string;
  count: number;
  guess: string | null;
}

function readList(body: unknown): { groups: Group[]; intents: string[] } {
  const o = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const groups = (Array.isArray(o.groups) ? (o.groups as unknown[]) : []).flatMap((g) => {
    if (!g || typeof g !== 'object') return [];
    const r = g as Record<string, unknown>;
    return typeof r.text === 'string' && typeof r.language === 'string' && typeof r.count === 'number'
      ? [{ text: r.text, language: r.language, count: r.count, guess: typeof r.guess === 'string' ? r.guess : null }]
      : [];
  });
  const intents = (Array.isArray(o.intents) ? (o.intents as unknown[]) : []).filter((i): i is string => typeof i === 'string');
  return { groups, intents };
}

/**
 * "Δεν κατάλαβε": what citizens of the centre wrote that the bot did not understand, most
 * frequent first. Staff assign a message to an intent (the bot learns it in the background) or
 * mark it noise; either way it leaves the list.
 */
export function Unknown({ api, t }: { api: Api; t: Translate }) {
  const [list, setList] = useState<{ groups: Group[]; intents: string[] } | null>(null);
  const [error, setError] = useState(false);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(() => {
    setError(false);
    api.get('/api/nlu/unknown?limit=100').then(
      (body) => setList(readList(body)),
      () => setError(true),
    );
  }, [api]);
  useEffect(load, [load]);

  async function save(group: Group, choice: { intent: string } | { noise: true }) {
    setBusy(group.text);
    try {
      await api.post('/api/nlu/examples', { text: group.text, language: group.language, ...choice });
      setList((l) => (l ? { ...l, groups: l.groups.filter((g) => g !== group) } : l));
    } catch {
      setError(true);
    } finally {
      setBusy(null);
    }
  }

  return (
    <main class="unknown" id="main" style={{ padding: '1rem', maxWidth: '60rem', margin: '0 auto' }}>
      <p>
        <a href="#/">{t('reports.back')}</a>
      </p>
      <h1>{t('unknown.title')}</h1>
      <p class="muted">{t('unknown.intro')}</p>
      {error && (
        <p class="error" role="alert">
          {t('loadFailed')}
        </p>
      )}
      {!list && !error && <p role="status">{t('loading')}</p>}
      {list && list.groups.length === 0 && <p>{t('unknown.empty')}</p>}
      {list && list.groups.length > 0 && (
        <table class="unknown-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
          <thead>
            <tr>
              <th scope="col" style={{ textAlign: 'left' }}>
                {t('unknown.message')}
              </th>
              <th scope="col">{t('unknown.count')}</th>
              <th scope="col">{t('unknown.intent')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('unknown.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.groups.map((g, i) => {
              const key = `${g.language}:${g.text}`;
              const picked = chosen[key] ?? '';
              return (
                <tr key={key}>
                  <td lang={g.language} dir="auto">
                    {g.text}
                  </td>
                  <td style={{ textAlign: 'right' }}>{g.count}</td>
                  <td>
                    <label class="visually-hidden" for={`unknown-intent-${i}`}>
                      {t('unknown.intent')}
                    </label>
                    <select id={`unknown-intent-${i}`} value={picked} onChange={(e) => setChosen((c) => ({ ...c, [key]: e.currentTarget.value }))}>
                      <option value="">{t('unknown.choose')}</option>
                      {list.intents.map((intent) => (
                        <option key={intent} value={intent}>
                          {intent}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    <button type="button" class="primary" disabled={!picked || busy === g.text} onClick={() => void save(g, { intent: picked })}>
                      {t('unknown.assign')}
                    </button>{' '}
                    <button type="button" disabled={busy === g.text} onClick={() => void save(g, { noise: true })}>
                      {t('unknown.noise')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </main>
  );
}
