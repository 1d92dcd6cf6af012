import type { Env } from '../../../config/env.js';

/** The Azure Bot resource's identity, as botbuilder's ConfigurationBotFrameworkAuthentication reads it. */
export interface AzureSettings {
  MicrosoftAppId: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppTenantId?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
}

/** The messaging endpoint to configure in the Azure Bot resource: https://PUBLIC_HOST/api/messages. */
export const MESSAGES_PATH = '/api/messages';

/** Azure Bot Service is on when MICROSOFT_APP_ID is set (env.ts checks the rest goes with it). */
export function azureSettings(env: Env): AzureSettings | null {
  if (!env.MICROSOFT_APP_ID) return null;
  return {
    MicrosoftAppId: env.MICROSOFT_APP_ID,
    MicrosoftAppType: env.MICROSOFT_APP_TYPE,
    ...(env.MICROSOFT_APP_PASSWORD ? { MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD } : {}),
    ...(env.MICROSOFT_APP_TENANT_ID ? { MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID } : {}),
  };
}
