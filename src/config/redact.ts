/** Shows where a database URL points without its password, for logs and error lines. */
export function describeDatabaseUrl(url: string): string {
  if (url.startsWith('file:')) return `SQLite ${url.slice('file:'.length)}`;
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}
