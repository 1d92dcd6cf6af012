import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, createApi, type Api } from './api.js';
import { translator, type Translate, type UiLanguage } from './i18n.js';
import { readStaff, type StaffMember } from './model.js';
import { Inbox } from './inbox.js';
import { Reports, useReportsRoute } from './reports.js';
import { Unknown, useUnknownRoute } from './unknown.js';

/** The interface language: Greek unless the page says otherwise (<html lang="en">, ?lang=en). */
function uiLanguage(): UiLanguage {
  const asked = new URLSearchParams(window.location.search).get('lang') ?? document.documentElement.lang;
  return asked === 'en' ? 'en' : 'el';
}

export function App() {
  const language = useMemo(uiLanguage, []);
  const t = useMemo(() => translator(language), [language]);
  const [me, setMe] = useState<StaffMember | null | undefined>(undefined);
  const api = useMemo(() => createApi((input, init) => fetch(input, init), () => setMe(null)), []);
  const reports = useReportsRoute();
  const unknown = useUnknownRoute();

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = t('appTitle');
    api.get('/api/me').then(
      (body) => setMe(readStaff(body)),
      () => setMe(null),
    );
  }, [api, language, t]);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      setMe(null);
    }
  }, [api]);

  if (me === undefined)
    return (
      <p class="splash" role="status">
        {t('loading')}
      </p>
    );
  if (me === null) return <Login api={api} t={t} onLogin={setMe} />;
  if (reports && me.role === 'admin') return <Reports api={api} t={t} me={me} />;
  if (unknown) return <Unknown api={api} t={t} />;
  return <Inbox api={api} t={t} me={me} onLogout={logout} />;
}

function Login({ api, t, onLogin }: { api: Api; t: Translate; onLogin: (me: StaffMember) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/login', { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') });
      const me = readStaff(await api.get('/api/me'));
      if (!me) throw new ApiError(401, 'no session');
      onLogin(me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 429 ? t('loginRateLimited') : t('loginFailed'));
      setBusy(false);
    }
  }

  return (
    <main class="login" id="main">
      <form class="login-card" onSubmit={submit} aria-describedby="login-intro" noValidate={false}>
        <h1>{t('loginTitle')}</h1>
        <p id="login-intro">{t('loginIntro')}</p>
        <label for="login-email">{t('email')}</label>
        <input id="login-email" name="email" type="email" autocomplete="username" required autofocus />
        <label for="login-password">{t('password')}</label>
        <input id="login-password" name="password" type="password" autocomplete="current-password" required />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t('loggingIn') : t('login')}
        </button>
      </form>
    </main>
  );
}
