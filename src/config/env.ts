import { existsSync } from 'node:fs';
import { z } from 'zod';
import { StartupError } from './errors.js';

const optionalUrl = z.url({ protocol: /^https?$/ }).optional();
const optionalSecret = z.string().min(1).optional();

/** Every environment variable kentro reads, parsed once at start-up. */
export const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('file:./data/kentro.db')
    .refine((v) => v.startsWith('file:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with file: (SQLite) or postgresql:// (PostgreSQL)',
    }),
  PUBLIC_URL: optionalUrl,
  /** Which reverse proxies may set X-Forwarded-*: "loopback", an address/CIDR list, or "true". */
  TRUST_PROXY: z
    .string()
    .default('loopback')
    .transform((v) => (v === 'true' ? true : v === 'false' ? false : v)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONTENT_DIR: z.string().min(1).optional(),
  TELEGRAM_BOT_TOKEN: optionalSecret,
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'may contain only A-Z, a-z, 0-9, _ and - (Telegram rule)')
    .optional(),
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://api.telegram.org'),
  /** Telegram's limits: messages/s overall (each chat also 1/s after a burst of 3); 0 = no limits. */
  TELEGRAM_MAX_RATE: z.coerce.number().min(0).max(1000).default(30),
  VIBER_AUTH_TOKEN: optionalSecret,
  VIBER_API_ROOT: z.url({ protocol: /^https?$/ }).default('https://chatapi.viber.com/pa'),
  /** The sender name Viber shows above the bot's messages (Viber allows 28 characters). */
  VIBER_SENDER_NAME: z.string().min(1).max(28).default('Κέντρο Κοινότητας'),
  /** Azure Bot Service (src/bot/channels/azure): on when MICROSOFT_APP_ID is set. */
  MICROSOFT_APP_ID: optionalSecret,
  MICROSOFT_APP_PASSWORD: optionalSecret,
  MICROSOFT_APP_TENANT_ID: optionalSecret,
  MICROSOFT_APP_TYPE: z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant'),
  /**
   * Master secret; web chat token keys are derived from it. Unset: a random key is created once
   * and kept in the database (Setting table), so restarts and replicas agree without config.
   */
  /** Web chat flood limits: messages per conversation per 10 s, new conversations per address per minute. */
  WEBCHAT_RATE_MESSAGES: z.coerce.number().int().min(1).default(20),
  WEBCHAT_RATE_STARTS: z.coerce.number().int().min(1).default(30),
  KENTRO_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Retention (src/privacy/retention.ts): how long each kind of data is kept before the daily purge. */
  RETENTION_CONVERSATION_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  RETENTION_CLOSED_CASE_YEARS: z.coerce.number().int().min(1).max(30).default(5),
  RETENTION_APPOINTMENT_MONTHS: z.coerce.number().int().min(1).max(120).default(12),
  RETENTION_OUTBOX_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  RETENTION_JOB_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Retrain the intent model with the staff-assigned examples in a background worker thread (off: the exact lookup only). */
  NLU_RETRAIN: z.enum(['on', 'off']).default('on'),
  /** Where models retrained with the examples are cached (default generated/nlu/learned). */
  NLU_MODEL_DIR: z.string().min(1).optional(),
}).superRefine((env, ctx) => {
  // Telegram's webhook mode without a secret would accept updates from anyone.
  if (env.TELEGRAM_BOT_TOKEN && env.PUBLIC_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({ code: 'custom', path: ['TELEGRAM_WEBHOOK_SECRET'], message: 'is required when TELEGRAM_BOT_TOKEN and PUBLIC_URL are set (Telegram webhook mode)' });
  }
  // What botbuilder's ConfigurationServiceClientCredentialFactory asserts, said at start-up instead.
  if (env.MICROSOFT_APP_ID) {
    const msi = env.MICROSOFT_APP_TYPE === 'UserAssignedMSI';
    if (!msi && !env.MICROSOFT_APP_PASSWORD) ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: `is required with MICROSOFT_APP_ID (${env.MICROSOFT_APP_TYPE})` });
    if (msi && env.MICROSOFT_APP_PASSWORD) ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_PASSWORD'], message: 'must not be set for UserAssignedMSI' });
    if (env.MICROSOFT_APP_TYPE !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_TENANT_ID'], message: `is required for ${env.MICROSOFT_APP_TYPE}` });
  }
});

export type Env = z.infer<typeof envSchema>;

/**
 * Parses the environment. A `.env` file in the working directory is read first (variables
 * already set win). A bad value throws a StartupError naming the variable.
 */
export function loadEnv(source: NodeJS.ProcessEnv = process.env, envFile = '.env'): Env {
  if (source === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // Empty strings mean "not set" (a common way to blank a variable in .env files).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    throw new StartupError(`Invalid environment variable ${name}: ${issue.message}`);
  }
  return parsed.data;
}
