import { describe, expect, it } from 'vitest';
import { azureSettings } from '../../../../src/bot/channels/azure/settings.js';
import { loadEnv } from '../../../../src/config/env.js';

const env = (vars: Record<string, string>) => loadEnv(vars, '/nonexistent/.env');
const APP = { MICROSOFT_APP_ID: '11111111-2222-3333-4444-555555555555' };

describe('Azure Bot Service settings', () => {
  it('is off without MICROSOFT_APP_ID, also when it is blank', () => {
    expect(azureSettings(env({}))).toBeNull();
    expect(azureSettings(env({ MICROSOFT_APP_ID: '' }))).toBeNull();
  });

  it("passes the app's identity on as botbuilder's configuration names it", () => {
    expect(azureSettings(env({ ...APP, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant', MICROSOFT_APP_TENANT_ID: 'tenant' }))).toEqual({
      MicrosoftAppId: APP.MICROSOFT_APP_ID,
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: 'tenant',
      MicrosoftAppType: 'SingleTenant',
    });
    expect(azureSettings(env({ ...APP, MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 'tenant' }))).toMatchObject({ MicrosoftAppType: 'UserAssignedMSI' });
  });

  it('stops start-up with one line naming what is missing or wrong', () => {
    expect(() => env(APP)).toThrow('Invalid environment variable MICROSOFT_APP_PASSWORD: is required with MICROSOFT_APP_ID (MultiTenant)');
    expect(() => env({ ...APP, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'SingleTenant' })).toThrow('Invalid environment variable MICROSOFT_APP_TENANT_ID: is required for SingleTenant');
    expect(() => env({ ...APP, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'UserAssignedMSI', MICROSOFT_APP_TENANT_ID: 't' })).toThrow('MICROSOFT_APP_PASSWORD: must not be set for UserAssignedMSI');
    expect(() => env({ ...APP, MICROSOFT_APP_PASSWORD: 'pw', MICROSOFT_APP_TYPE: 'multitenant' })).toThrow('Invalid environment variable MICROSOFT_APP_TYPE');
  });
});
