import type { LoggerOptions } from 'pino';

/**
 * Log options shared by the server and the CLI. Secrets and citizen text never reach a log:
 * credentials in headers and bodies are redacted, and request bodies are not logged at all.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-viber-content-signature"]',
        'req.query.token',
        'res.headers["set-cookie"]',
        '*.password',
        '*.passwordHash',
        '*.token',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
}
