import { hasKey, type Translate } from './i18n.js';

/** Times in the centre's zone (Europe/Athens), whatever the staff computer's clock zone. */
const ZONE = 'Europe/Athens';
const dateTime = new Intl.DateTimeFormat('el-GR', { timeZone: ZONE, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const timeOnly = new Intl.DateTimeFormat('el-GR', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export function formatDateTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : dateTime.format(date);
}

/** Today's times as HH:MM, older ones with their date. */
export function formatWhen(iso: string | null, now = new Date()): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return dayKey.format(date) === dayKey.format(now) ? timeOnly.format(date) : dateTime.format(date);
}

export function languageName(t: Translate, language: string | null): string {
  const key = `lang.${(language ?? '').slice(0, 2)}`;
  return hasKey(key) ? t(key) : language ? language : t('lang.unknown');
}

export function channelName(t: Translate, channel: string | null): string {
  const key = `channel.${channel ?? ''}`;
  return hasKey(key) ? t(key) : (channel ?? '');
}

export function label(t: Translate, prefix: string, value: string): string {
  const key = `${prefix}.${value}`;
  return hasKey(key) ? t(key) : value;
}

/** One pre-intake answer in words: codes (needs, groups, times, languages) through the dictionary. */
export function intakeValue(t: Translate, key: string, value: unknown): string {
  if (typeof value === 'boolean') return value ? t('yes') : t('no');
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((v) => intakeValue(t, key, v)).filter(Boolean).join(', ');
  if (typeof value === 'string') {
    if (key === 'interpreter' || key === 'language' || key === 'preferredLanguage') return hasKey(`lang.${value}`) ? languageName(t, value) : value;
    const code = `value.${value}`;
    return hasKey(code) ? t(code) : value;
  }
  if (value && typeof value === 'object')
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${intakeValue(t, k, v)}`)
      .join(', ');
  return '';
}
