import { useEffect, useState } from 'preact/hooks';
import type { Api } from './api.js';
import type { Translate } from './i18n.js';
import type { StaffMember } from './model.js';

/** The page's address: #/reports (admins only; the API refuses others anyway). */
export const REPORTS_HASH = '#/reports';

/** True while the page's address is the reports page. */
export function useReportsRoute(): boolean {
  const [on, setOn] = useState(() => window.location.hash.startsWith(REPORTS_HASH));
  useEffect(() => {
    const onHash = () => setOn(window.location.hash.startsWith(REPORTS_HASH));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return on;
}

/** A row as GET /api/reports sends it (src/reports/report.ts). */
interface Row {
  section: string;
  key: string;
  sectionLabel: string;
  label: string;
  value: number | string | null;
}

function readRows(body: unknown): Row[] {
  const rows = body && typeof body === 'object' && 'rows' in body && Array.isArray(body.rows) ? (body.rows as unknown[]) : [];
  return rows.flatMap((r) => {
    if (!r || typeof r !== 'object') return [];
    const o = r as Record<string, unknown>;
    const value = typeof o.value === 'number' || typeof o.value === 'string' ? o.value : null;
    return typeof o.key === 'string' && typeof o.label === 'string' && typeof o.section === 'string' && typeof o.sectionLabel === 'string'
      ? [{ section: o.section, key: o.key, sectionLabel: o.sectionLabel, label: o.label, value }]
      : [];
  });
}

/** Last month, in the browser's time (the centre's, for its staff): the usual report to send. */
function lastMonth(): string {
  const d = new Date();
  d.setDate(1);
  d.setMonth(d.getMonth() - 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

const shown = (v: Row['value']): string => (v === null ? '—' : String(v));

/** Horizontal bars in plain SVG; a suppressed "<5" gets no bar, only its label. */
function Bars({ title, rows, prefix }: { title: string; rows: Row[]; prefix: string }) {
  const items = rows.filter((r) => r.key.startsWith(prefix));
  if (items.length === 0) return null;
  const max = Math.max(1, ...items.map((r) => (typeof r.value === 'number' ? r.value : 0)));
  const barHeight = 22;
  const height = items.length * (barHeight + 8);
  return (
    <figure class="report-chart" style={{ margin: '0 0 1.5rem' }}>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <svg role="img" aria-label={title} width="100%" height={height} viewBox={`0 0 600 ${height}`} preserveAspectRatio="xMinYMin meet">
        {items.map((r, i) => {
          const y = i * (barHeight + 8);
          const width = typeof r.value === 'number' ? (r.value / max) * 300 : 0;
          const label = r.label.replace(/^[^:]+:\s*/, '');
          return (
            <g key={r.key}>
              <text x="0" y={y + 16} font-size="13" fill="#1d2430">
                {label.length > 34 ? `${label.slice(0, 33)}…` : label}
              </text>
              <rect x="250" y={y} width={width} height={barHeight} fill="#0d5eaf" rx="3" />
              <text x={256 + width} y={y + 16} font-size="13" fill="#1d2430">
                {shown(r.value)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The monthly report of the administrator's centre: charts, every figure, the CSV download. */
export function Reports({ api, t, me }: { api: Api; t: Translate; me: StaffMember }) {
  const [month, setMonth] = useState(lastMonth);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState(false);

  useEffect(() => {
    let live = true;
    setRows(null);
    setError(false);
    api.get(`/api/reports?month=${encodeURIComponent(month)}`).then(
      (body) => live && setRows(readRows(body)),
      () => live && setError(true),
    );
    return () => {
      live = false;
    };
  }, [api, month]);

  const sections = rows ? [...new Set(rows.map((r) => r.sectionLabel))] : [];
  return (
    <main class="reports" id="main" style={{ padding: '1rem', maxWidth: '60rem', margin: '0 auto' }}>
      <p>
        <a href="#/">{t('reports.back')}</a>
      </p>
      <h1>
        {t('reports.title')}
        {me.centreName ? ` · ${me.centreName}` : ''}
      </h1>
      <p class="muted">{t('reports.intro')}</p>
      <p>
        <label for="report-month">{t('reports.month')}</label>{' '}
        <input id="report-month" type="month" value={month} onChange={(e) => (e.currentTarget.value ? setMonth(e.currentTarget.value) : undefined)} />{' '}
        <a class="button primary" href={`/api/reports?month=${encodeURIComponent(month)}&format=csv`} download>
          {t('reports.download')}
        </a>
      </p>
      {error && (
        <p class="error" role="alert">
          {t('loadFailed')}
        </p>
      )}
      {!rows && !error && <p role="status">{t('loading')}</p>}
      {rows && (
        <>
          <Bars title={t('reports.chart.channels')} rows={rows} prefix="conversations.channel." />
          <Bars title={t('reports.chart.languages')} rows={rows} prefix="conversations.language." />
          <Bars title={t('reports.chart.handoffs')} rows={rows} prefix="handoffs.reason." />
          <Bars title={t('reports.chart.appointments')} rows={rows} prefix="appointments." />
          <Bars title={t('reports.chart.intents')} rows={rows} prefix="messages.intent." />
          {sections.map((section) => (
            <table key={section} class="report-table" style={{ width: '100%', marginBottom: '1rem', borderCollapse: 'collapse' }}>
              <caption style={{ textAlign: 'left', fontWeight: 'bold' }}>{section}</caption>
              <tbody>
                {rows
                  .filter((r) => r.sectionLabel === section)
                  .map((r) => (
                    <tr key={r.key}>
                      <th scope="row" style={{ textAlign: 'left', fontWeight: 'normal' }}>
                        {r.label}
                      </th>
                      <td style={{ textAlign: 'right' }}>{shown(r.value)}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ))}
        </>
      )}
    </main>
  );
}
