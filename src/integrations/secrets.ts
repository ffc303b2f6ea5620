import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { IntegrationError } from './errors.ts';

/**
 * Integration secrets (tokens, keys, webhook URLs) are stored encrypted with AES-256-GCM. Each
 * value gets its own random salt and a key derived from CADENCE_SECRET with HKDF, so the master
 * secret never encrypts anything directly; the context (e.g. "jira.apiToken") is authenticated,
 * so a ciphertext copied into another field does not decrypt.
 */
const PREFIX = 'enc:v1:';
const INFO = Buffer.from('cadence/integration-settings/v1');
const SALT = 16;
const IV = 12;
const TAG = 16;

function keyFor(master: string, salt: Buffer): Buffer {
  if (master.length < 16) {
    throw new IntegrationError('config', 'CADENCE_SECRET is too short to encrypt integration secrets (16 characters at least)', { vendor: 'cadence' });
  }
  return Buffer.from(hkdfSync('sha256', Buffer.from(master, 'utf8'), salt, INFO, 32));
}

/** "enc:v1:…" text safe to store in a settings row. */
export function encryptSecret(plaintext: string, master: string, context = ''): string {
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', keyFor(master, salt), iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return PREFIX + Buffer.concat([salt, iv, cipher.getAuthTag(), data]).toString('base64url');
}

/**
 * The plaintext of an `encryptSecret` value. `master` may list the current secret first and
 * older ones after it, so CADENCE_SECRET can be rotated without losing stored tokens.
 */
export function decryptSecret(stored: string, master: string | readonly string[], context = ''): string {
  if (!isEncrypted(stored)) throw new IntegrationError('config', 'this setting is not an encrypted secret', { vendor: 'cadence' });
  const raw = Buffer.from(stored.slice(PREFIX.length), 'base64url');
  if (raw.length < SALT + IV + TAG) throw new IntegrationError('config', 'a stored secret is truncated', { vendor: 'cadence' });
  const salt = raw.subarray(0, SALT);
  const iv = raw.subarray(SALT, SALT + IV);
  const tag = raw.subarray(SALT + IV, SALT + IV + TAG);
  const data = raw.subarray(SALT + IV + TAG);
  for (const m of typeof master === 'string' ? [master] : master) {
    try {
      const decipher = createDecipheriv('aes-256-gcm', keyFor(m, salt), iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
    } catch (err) {
      if (err instanceof IntegrationError) throw err;
    }
  }
  throw new IntegrationError('config', 'a stored integration secret cannot be decrypted: CADENCE_SECRET changed, or the value was altered. Enter the token again.', { vendor: 'cadence' });
}

export function isEncrypted(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

const SECRET_KEY = /(token|secret|password|passwd|api_?key|access_?key|private_?key|webhook_?url|authorization|cookie|credential)/i;

/** Whether a settings key holds a secret: apiToken, clientSecret, webhookUrl, accessKey … */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };

function mapSecrets(value: Json, at: string, fn: (v: string, path: string) => string): Json {
  if (Array.isArray(value)) return value.map((v, i) => mapSecrets(v, `${at}[${i}]`, fn));
  if (value && typeof value === 'object') {
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const path = at ? `${at}.${k}` : k;
      out[k] = typeof v === 'string' && isSecretKey(k) ? fn(v, path) : mapSecrets(v, path, fn);
    }
    return out;
  }
  return value;
}

/**
 * Encrypts every secret-named string in an integration's settings (nested too); values already
 * encrypted are kept. The context of each is "<integration>.<path>".
 */
export function encryptSettings<T extends Json>(settings: T, master: string, integration: string): T {
  return mapSecrets(settings, '', (v, path) => (isEncrypted(v) || v === '' ? v : encryptSecret(v, master, `${integration}.${path}`))) as T;
}

/** The reverse of encryptSettings, for building a client. */
export function decryptSettings<T extends Json>(settings: T, master: string | readonly string[], integration: string): T {
  return mapSecrets(settings, '', (v, path) => (isEncrypted(v) ? decryptSecret(v, master, `${integration}.${path}`) : v)) as T;
}

export const REDACTED = '[redacted]';

/**
 * A copy without secrets, for API answers and logs: secret-named keys, encrypted values,
 * passwords inside URLs and bearer/basic credentials in strings are replaced.
 */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactString(s: string): string {
  if (s.startsWith(PREFIX)) return REDACTED;
  return s.replace(/\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`).replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)[^@\s/]+@/gi, `$1${REDACTED}@`);
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactString(value);
  if (!value || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretKey(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redactValue(v, seen);
  }
  return out;
}
