import type { Api } from 'grammy';
import type { TelegramSettings } from './settings.js';

export interface TelegramFile {
  path: string;
  size: number | undefined;
  bytes: Uint8Array;
}

/**
 * Downloads a file a citizen sent (its file id is in the message's attachments), for staff to
 * open. The Bot API serves files up to 20 MB; the URL holds the token, so it is never logged.
 */
export async function downloadFile(api: Api, settings: TelegramSettings, fileId: string): Promise<TelegramFile> {
  const file = await api.getFile(fileId);
  if (!file.file_path) throw new Error('telegram: the file is not available for download');
  const res = await fetch(`${settings.apiRoot}/file/bot${settings.token}/${file.file_path}`, { signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`telegram: file download failed with ${res.status}`);
  return { path: file.file_path, size: file.file_size, bytes: new Uint8Array(await res.arrayBuffer()) };
}
