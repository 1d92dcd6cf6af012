import { loadEnv } from '../config/env.js';
import { DEFAULT_RETENTION, retentionFromEnv, type RetentionSettings } from './retention.js';

export interface PrivacyConfig {
  retention: RetentionSettings;
  /** PUBLIC_URL: download links are offered only when the service has a public address. */
  publicUrl?: string | undefined;
}

/**
 * The privacy settings of this process, from the environment. The flow ports are built without
 * the app's Env (src/bot/core/flow-services.ts), so they read it here when a citizen asks (a
 * rare event); the values are the ones `loadEnv` validated at start-up.
 */
export function processPrivacyConfig(): PrivacyConfig {
  try {
    const env = loadEnv();
    return { retention: retentionFromEnv(env), publicUrl: env.PUBLIC_URL };
  } catch {
    return { retention: DEFAULT_RETENTION };
  }
}
