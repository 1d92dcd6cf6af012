import type { Env } from '../config/env.js';
import { DEFAULT_RETENTION, retentionFromEnv, type RetentionSettings } from './retention.js';

export interface PrivacyConfig {
  retention: RetentionSettings;
  /** PUBLIC_URL: download links are offered only when the service has a public address. */
  publicUrl?: string | undefined;
}

/** Without settings: the default retention periods and no download links. */
export const DEFAULT_PRIVACY_CONFIG: PrivacyConfig = { retention: DEFAULT_RETENTION };

/** The privacy settings of a validated environment (the server and `kentro chat` pass them to the core). */
export function privacyConfigFromEnv(env: Env): PrivacyConfig {
  return { retention: retentionFromEnv(env), publicUrl: env.PUBLIC_URL };
}
