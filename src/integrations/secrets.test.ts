import { describe, expect, it } from 'vitest';
import { IntegrationError } from './errors.ts';
import { decryptSecret, decryptSettings, encryptSecret, encryptSettings, isEncrypted, redact, REDACTED } from './secrets.ts';

const MASTER = 'cadence-secret-for-tests-0123456789';
const TOKEN = 'jira-api-token-ABCDEF123456';

describe('integration secrets at rest', () => {
  it('a token is stored encrypted and reads back the same', () => {
    const stored = encryptSecret(TOKEN, MASTER, 'jira.apiToken');
    expect(stored.startsWith('enc:v1:')).toBe(true);
    expect(stored).not.toContain(TOKEN);
    expect(decryptSecret(stored, MASTER, 'jira.apiToken')).toBe(TOKEN);
  });

  it('the same token encrypts differently each time', () => {
    expect(encryptSecret(TOKEN, MASTER)).not.toBe(encryptSecret(TOKEN, MASTER));
  });

  it('a changed CADENCE_SECRET cannot read stored tokens and says what to do', () => {
    const stored = encryptSecret(TOKEN, MASTER);
    expect(() => decryptSecret(stored, 'another-secret-entirely-9876')).toThrow(/CADENCE_SECRET changed.*Enter the token again/);
  });

  it('after a rotation the previous secret still reads old values', () => {
    const stored = encryptSecret(TOKEN, MASTER);
    expect(decryptSecret(stored, ['the-new-cadence-secret-value', MASTER])).toBe(TOKEN);
  });

  it('a value moved to another field or altered does not decrypt', () => {
    const stored = encryptSecret(TOKEN, MASTER, 'jira.apiToken');
    expect(() => decryptSecret(stored, MASTER, 'gitlab.token')).toThrow(IntegrationError);
    const flipped = stored.slice(0, -2) + (stored.endsWith('A') ? 'B' : 'A') + stored.slice(-1);
    expect(() => decryptSecret(flipped, MASTER, 'jira.apiToken')).toThrow(IntegrationError);
  });

  it('a short CADENCE_SECRET is refused', () => {
    expect(() => encryptSecret(TOKEN, 'short')).toThrow(/too short/);
  });

  it('settings keep plain fields readable and encrypt only the secrets, nested ones too', () => {
    const settings = { baseUrl: 'https://acme.atlassian.net', auth: { email: 'dana@acme.example', apiToken: TOKEN }, webhookUrl: 'https://hooks.slack.com/services/T/B/X' };
    const stored = encryptSettings(settings, MASTER, 'jira');
    expect(stored.baseUrl).toBe(settings.baseUrl);
    expect(stored.auth.email).toBe('dana@acme.example');
    expect([isEncrypted(stored.auth.apiToken), isEncrypted(stored.webhookUrl)]).toEqual([true, true]);
    expect(encryptSettings(stored, MASTER, 'jira')).toEqual(stored);
    expect(decryptSettings(stored, MASTER, 'jira')).toEqual(settings);
  });
});

describe('redacting secrets before they are shown or logged', () => {
  it('secret fields, encrypted values and credentials inside strings are hidden', () => {
    const shown = redact({
      name: 'jira',
      settings: { baseUrl: 'https://acme.atlassian.net', apiToken: TOKEN, clientSecret: 'x', password: '', stored: encryptSecret('y', MASTER) },
      headers: [{ authorization: `Bearer ${TOKEN}` }],
      note: `called with Bearer ${TOKEN}`,
      proxy: 'http://user:hunter2@proxy.example:8080/',
    });
    expect(JSON.stringify(shown)).not.toContain(TOKEN);
    expect(JSON.stringify(shown)).not.toContain('hunter2');
    expect(shown.settings).toEqual({ baseUrl: 'https://acme.atlassian.net', apiToken: REDACTED, clientSecret: REDACTED, password: '', stored: REDACTED });
    expect(shown.proxy).toBe(`http://user:${REDACTED}@proxy.example:8080/`);
    expect(shown.name).toBe('jira');
  });

  it('the original object is left untouched and cycles do not loop', () => {
    const settings: Record<string, unknown> = { token: TOKEN };
    settings.self = settings;
    const shown = redact(settings);
    expect(settings.token).toBe(TOKEN);
    expect(shown).toEqual({ token: REDACTED, self: '[circular]' });
  });
});
