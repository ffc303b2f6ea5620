import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { numeric, readByRules, schemaOf, text, word, zodOnly, type EnvRule, type ValueOf } from './config-rules.ts';

/** Everything Cadence reads from its environment, parsed once. The only reader of process.env. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** postgres://… or a SQLite file path; the default is `<dataDir>/cadence.db`. */
  readonly databaseUrl: string;
  readonly dialect: 'sqlite' | 'postgres';
  readonly dataDir: string;
  readonly secret: string;
  readonly baseUrl: string;
  readonly vendorName: string;
  /** Company logos: a URL pattern with {domain} and/or {name} (CADENCE_LOGO_URL); null: none fetched, initials drawn. */
  readonly logoUrl: string | null;
  readonly smtpUrl: string | null;
  readonly crmBcc: string | null;
  readonly mailFrom: string;
  readonly logLevel: string;
  /** Sign-in attempts per minute for one account (email), from wherever they come; password resets per address. */
  readonly loginRateLimit: number;
  /** Sign-in attempts per minute from one address, whatever the emails: spraying many accounts is slowed too. */
  readonly loginAddressRateLimit: number;
  /** Whether `serve` runs the scheduled jobs (off for a web-only node). */
  readonly jobs: boolean;
  /** CADENCE_BACK_TO_BACK_MINUTES: a call this close to another of the CSM's calls warns (15; 0 off); the team's cadence policy may set its own. */
  readonly backToBackMinutes?: number;
  /** 'full' with CADENCE_SQLITE_SYNC=full: every commit survives a power loss, at the cost of write speed. */
  readonly sqliteSync: 'normal' | 'full';
  readonly backups: BackupConfig;
  /** An OpenAI-compatible chat endpoint for AI notes; null: the local extractor only. */
  readonly llm: { url: string; model: string; apiKey: string | null; timeoutMs?: number; stream?: boolean } | null;
  /** Transcript uploads: the largest file taken (bytes) and how long reading one may take (ms). */
  readonly transcripts: { maxBytes: number; timeoutMs: number };
  /** Single sign-on and provisioning (README "Single sign-on and provisioning"). */
  readonly identity: IdentityConfig;
  /** Mail BCC'd or forwarded to the capture address (README "Logging customer mail"). */
  readonly mailCapture: MailCaptureConfig;
  /** The outbox (README "Outbox"): attempts before a dead letter, how long a claim holds a row. Defaults when absent. */
  readonly outbox?: { maxAttempts: number; leaseMs: number };
  /** Google and Microsoft calendar sign-in (README "Connect Google or Microsoft calendars"). Absent: neither is configured. */
  readonly calendarOAuth?: CalendarOAuthConfig;
  /** Attachments (README "Attachments and advance materials"): size limit, where files live, the customer's quota per link. */
  readonly attachments?: AttachmentsConfig;
  /** REDIS_URL: live notes fan out between nodes through Redis pub/sub instead of PostgreSQL LISTEN/NOTIFY; null: not set. */
  readonly redisUrl?: string | null;
}

/** The OAuth apps Cadence signs users in to their Google and Microsoft calendars with; endpoint bases overridable for tests. */
export interface CalendarOAuthConfig {
  readonly google: { readonly clientId: string | null; readonly clientSecret: string | null; readonly authorizeUrl: string; readonly tokenUrl: string; readonly apiUrl: string };
  readonly microsoft: { readonly clientId: string | null; readonly clientSecret: string | null; readonly tenant: string; readonly authorizeUrl: string; readonly tokenUrl: string; readonly graphUrl: string };
}

export interface AttachmentsConfig {
  /** CADENCE_ATTACHMENT_MAX_MB (25): a bigger file is refused with 413. */
  readonly maxBytes: number;
  /** An S3-compatible bucket (CADENCE_S3_URL, …); null: files on disk under `<dataDir>/attachments`. */
  readonly s3: { readonly url: string; readonly bucket: string; readonly region: string; readonly accessKeyId: string; readonly secretAccessKey: string } | null;
  /** What a customer may upload through one share link: files and bytes in all. */
  readonly customerQuota: { readonly count: number; readonly bytes: number };
}

export interface IdentityConfig {
  /** OpenID Connect; null when CADENCE_OIDC_ISSUER is unset. */
  readonly oidc: { issuer: string; clientId: string; clientSecret: string | null; roleClaim: string | null; name: string } | null;
  /** SAML 2.0; null when CADENCE_SAML_ENTRY_POINT is unset. */
  readonly saml: { entryPoint: string; idpCert: string; entityId: string; roleAttribute: string; name: string } | null;
  /** Email domains single sign-on admits; empty: any. */
  readonly allowedDomains: readonly string[];
  /** The role of a new SSO user no mapping matches; null (`none`): they are refused. */
  readonly defaultRole: 'admin' | 'manager' | 'csm' | 'viewer' | null;
  /** False with CADENCE_PASSWORD_LOGIN=off: only the break-glass admin signs in with a password. */
  readonly passwordLogin: boolean;
  readonly breakGlassEmail: string | null;
}

/** The workspace's capture address and the SMTP receiver that takes mail sent to it. */
export interface MailCaptureConfig {
  /** CADENCE_CAPTURE_ADDRESS, lower-cased; null: mail capture is off. */
  readonly address: string | null;
  /** Where the receiver listens; null when CADENCE_CAPTURE_SMTP_PORT is unset (no receiver on this node). */
  readonly smtp: { readonly host: string; readonly port: number } | null;
  /** The largest mail taken (bytes); a bigger one is refused with 552 and counted as skipped. */
  readonly maxBytes: number;
}

/** Scheduled backups: where they go, how many are kept, and the passphrase that encrypts them. */
export interface BackupConfig {
  readonly schedule: 'off' | 'daily';
  readonly dir: string;
  readonly keepDaily: number;
  readonly keepWeekly: number;
  readonly passphrase: string | null;
}

/**
 * Every variable Cadence reads, each rule written once (config-rules.ts): the plain reader reads a valid
 * environment by them, and the zod schema built from them judges the rest and words its errors (issue #16).
 */
export const ENV_RULES = {
  PORT: numeric({ int: true, min: 0, max: 65535 }, 3000),
  HOST: text({ min: 1 }, '127.0.0.1'),
  DATABASE_URL: text({ min: 1 }),
  REDIS_URL: text({ pattern: /^rediss?:\/\//, message: 'must be redis://… or rediss://…' }),
  CADENCE_DATA_DIR: text({ min: 1 }, './data'),
  CADENCE_SECRET: text({ min: 32, message: 'must be at least 32 characters' }),
  CADENCE_BASE_URL: zodOnly(() => z.url().optional()),
  CADENCE_VENDOR_NAME: text({ min: 1, max: 80 }, 'Cadence'),
  CADENCE_LOGO_URL: zodOnly(() =>
    z
      .string()
      .max(500)
      .refine((v) => /^(https?:\/\/[^/?#{}]+\/|\/)/.test(v) && /\{(domain|name)\}/.test(v), 'must be an http(s) URL or a path starting with /, holding {domain} or {name}, e.g. https://logo.example/{domain}')
      .optional(),
  ),
  SMTP_URL: text({ pattern: /^smtps?:\/\//, message: 'must start with smtp:// or smtps://' }),
  CADENCE_CRM_BCC: zodOnly(() => z.email().optional()),
  CADENCE_MAIL_FROM: text({ min: 3 }),
  LOG_LEVEL: word(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  CADENCE_LOGIN_RATE_LIMIT: numeric({ int: true, min: 1 }, 10),
  CADENCE_LOGIN_ADDRESS_RATE_LIMIT: numeric({ int: true, min: 1 }),
  CADENCE_JOBS: word(['on', 'off'], 'on'),
  CADENCE_BACK_TO_BACK_MINUTES: numeric({ int: true, min: 0, max: 240 }, 15),
  CADENCE_SQLITE_SYNC: word(['normal', 'full'], 'normal'),
  CADENCE_BACKUP_SCHEDULE: word(['off', 'daily'], 'daily'),
  CADENCE_BACKUP_DIR: text({ min: 1 }),
  CADENCE_BACKUP_KEEP_DAILY: numeric({ int: true, min: 1, max: 366 }, 7),
  CADENCE_BACKUP_KEEP_WEEKLY: numeric({ int: true, min: 0, max: 520 }, 4),
  CADENCE_BACKUP_PASSPHRASE_FILE: text({ min: 1 }),
  CADENCE_LLM_URL: zodOnly(() => z.url().optional()),
  CADENCE_LLM_MODEL: text({ min: 1, max: 200 }),
  CADENCE_LLM_API_KEY: text({ min: 1 }),
  CADENCE_LLM_TIMEOUT_S: numeric({ positive: true, max: 3600 }, 120),
  CADENCE_LLM_STREAM: word(['on', 'off'], 'off'),
  CADENCE_TRANSCRIPT_MAX_MB: numeric({ positive: true, max: 500 }, 20),
  CADENCE_TRANSCRIPT_TIMEOUT_S: numeric({ positive: true, max: 3600 }, 60),
  CADENCE_OIDC_ISSUER: zodOnly(() => z.url().optional()),
  CADENCE_OIDC_CLIENT_ID: text({ min: 1, max: 500 }),
  CADENCE_OIDC_CLIENT_SECRET: text({ min: 1, max: 2000 }),
  CADENCE_OIDC_ROLE_CLAIM: text({ min: 1, max: 200 }),
  CADENCE_OIDC_NAME: text({ min: 1, max: 80 }, 'single sign-on'),
  CADENCE_SAML_ENTRY_POINT: zodOnly(() => z.url().optional()),
  CADENCE_SAML_IDP_CERT: text({ min: 1 }),
  CADENCE_SAML_ENTITY_ID: text({ min: 1, max: 500 }),
  CADENCE_SAML_ROLE_ATTRIBUTE: text({ min: 1, max: 500 }, 'groups'),
  CADENCE_SAML_NAME: text({ min: 1, max: 80 }, 'SAML single sign-on'),
  CADENCE_SSO_ALLOWED_DOMAINS: text({ max: 2000 }),
  CADENCE_SSO_DEFAULT_ROLE: word(['admin', 'manager', 'csm', 'viewer', 'none'], 'viewer'),
  CADENCE_PASSWORD_LOGIN: word(['on', 'off'], 'on'),
  CADENCE_BREAK_GLASS_EMAIL: zodOnly(() => z.email().optional()),
  CADENCE_CAPTURE_ADDRESS: zodOnly(() => z.email().optional()),
  CADENCE_CAPTURE_SMTP_PORT: numeric({ int: true, min: 0, max: 65535 }),
  CADENCE_CAPTURE_SMTP_HOST: text({ min: 1 }, '127.0.0.1'),
  CADENCE_CAPTURE_MAX_MB: numeric({ positive: true, max: 200 }, 25),
  CADENCE_OUTBOX_MAX_ATTEMPTS: numeric({ int: true, min: 1, max: 50 }, 8),
  CADENCE_OUTBOX_LEASE_S: numeric({ int: true, min: 1, max: 3600 }, 60),
  CADENCE_GOOGLE_CLIENT_ID: text({ min: 1, max: 500 }),
  CADENCE_GOOGLE_CLIENT_SECRET: text({ min: 1, max: 2000 }),
  CADENCE_GOOGLE_OAUTH_URL: zodOnly(() => z.url().optional()),
  CADENCE_GOOGLE_API_URL: zodOnly(() => z.url().optional()),
  CADENCE_MICROSOFT_CLIENT_ID: text({ min: 1, max: 500 }),
  CADENCE_MICROSOFT_CLIENT_SECRET: text({ min: 1, max: 2000 }),
  CADENCE_MICROSOFT_TENANT: text({ pattern: /^[A-Za-z0-9.-]{1,200}$/, message: 'must be common, organizations, consumers, a tenant id or a domain' }, 'common'),
  CADENCE_MICROSOFT_LOGIN_URL: zodOnly(() => z.url().optional()),
  CADENCE_MICROSOFT_GRAPH_URL: zodOnly(() => z.url().optional()),
  CADENCE_ATTACHMENT_MAX_MB: numeric({ positive: true, max: 500 }, 25),
  CADENCE_S3_URL: zodOnly(() => z.url().optional()),
  CADENCE_S3_BUCKET: text({ min: 3, max: 63 }),
  CADENCE_S3_REGION: text({ min: 1, max: 40 }, 'us-east-1'),
  CADENCE_S3_ACCESS_KEY_ID: text({ min: 1 }),
  CADENCE_S3_SECRET_ACCESS_KEY: text({ min: 1 }),
  CADENCE_SHARE_UPLOAD_MAX_FILES: numeric({ int: true, min: 0, max: 1000 }, 10),
  CADENCE_SHARE_UPLOAD_MAX_MB: numeric({ min: 0, max: 5000 }, 100),
} as const satisfies Record<string, EnvRule>;

type Env = { -readonly [K in keyof typeof ENV_RULES]: ValueOf<(typeof ENV_RULES)[K]> };
let envSchema: z.ZodObject | undefined;
/** The schema, built once, and only when the plain rules cannot read the environment. */
export const getEnvSchema = () => (envSchema ??= schemaOf(ENV_RULES));

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The environment through the schema: what it refuses, and how it words that, is the configuration's answer. */
function parseEnv(env: NodeJS.ProcessEnv): Env {
  // Parsed once per process: compiling zod's fast path for ~80 fields costs more than the one parse it would speed up (issue #16).
  const parsed = getEnvSchema().safeParse(env, { jitless: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return parsed.data as Env;
}

/**
 * Reads the environment and reports every problem at once. A missing CADENCE_SECRET is generated
 * into the data dir on first start, so a restart keeps sessions and encrypted secrets valid.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const e = (readByRules(env, ENV_RULES) as Env | undefined) ?? parseEnv(env);
  const identityProblems = [
    ...(e.CADENCE_OIDC_ISSUER && !e.CADENCE_OIDC_CLIENT_ID ? ['CADENCE_OIDC_CLIENT_ID: is required with CADENCE_OIDC_ISSUER'] : []),
    ...(e.CADENCE_SAML_ENTRY_POINT && !e.CADENCE_SAML_IDP_CERT ? ['CADENCE_SAML_IDP_CERT: is required with CADENCE_SAML_ENTRY_POINT'] : []),
    ...(e.CADENCE_CAPTURE_SMTP_PORT !== undefined && !e.CADENCE_CAPTURE_ADDRESS ? ['CADENCE_CAPTURE_ADDRESS: is required with CADENCE_CAPTURE_SMTP_PORT (the receiver takes mail to that address only)'] : []),
    ...(e.CADENCE_S3_URL && !(e.CADENCE_S3_BUCKET && e.CADENCE_S3_ACCESS_KEY_ID && e.CADENCE_S3_SECRET_ACCESS_KEY) ? ['CADENCE_S3_URL: needs CADENCE_S3_BUCKET, CADENCE_S3_ACCESS_KEY_ID and CADENCE_S3_SECRET_ACCESS_KEY'] : []),
    ...(e.CADENCE_PASSWORD_LOGIN === 'off' && !e.CADENCE_OIDC_ISSUER && !e.CADENCE_SAML_ENTRY_POINT ? ['CADENCE_PASSWORD_LOGIN: off needs CADENCE_OIDC_ISSUER or CADENCE_SAML_ENTRY_POINT, or nobody could sign in'] : []),
  ];
  if (identityProblems.length) throw new ConfigError(identityProblems);
  const dataDir = path.resolve(overrides.dataDir ?? e.CADENCE_DATA_DIR);
  const databaseUrl = overrides.databaseUrl ?? e.DATABASE_URL ?? path.join(dataDir, 'cadence.db');
  const dialect = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  const port = overrides.port ?? e.PORT;
  const loginRateLimit = overrides.loginRateLimit ?? e.CADENCE_LOGIN_RATE_LIMIT;
  const host = overrides.host ?? e.HOST;
  const config: Config = {
    port,
    host,
    databaseUrl,
    dialect,
    dataDir,
    secret: overrides.secret ?? e.CADENCE_SECRET ?? readOrCreateSecret(dataDir),
    baseUrl: (overrides.baseUrl ?? e.CADENCE_BASE_URL ?? `http://${host}:${port}`).replace(/\/$/, ''),
    vendorName: overrides.vendorName ?? e.CADENCE_VENDOR_NAME,
    logoUrl: overrides.logoUrl !== undefined ? overrides.logoUrl : (e.CADENCE_LOGO_URL ?? null),
    smtpUrl: overrides.smtpUrl ?? e.SMTP_URL ?? null,
    crmBcc: overrides.crmBcc ?? e.CADENCE_CRM_BCC ?? null,
    mailFrom: overrides.mailFrom ?? e.CADENCE_MAIL_FROM ?? `${e.CADENCE_VENDOR_NAME} <cadence@localhost>`,
    logLevel: overrides.logLevel ?? e.LOG_LEVEL,
    loginRateLimit,
    // Room for a few colleagues behind one office address signing in in the same minute.
    loginAddressRateLimit: overrides.loginAddressRateLimit ?? e.CADENCE_LOGIN_ADDRESS_RATE_LIMIT ?? 3 * loginRateLimit,
    jobs: overrides.jobs ?? e.CADENCE_JOBS === 'on',
    backToBackMinutes: overrides.backToBackMinutes ?? e.CADENCE_BACK_TO_BACK_MINUTES,
    sqliteSync: overrides.sqliteSync ?? e.CADENCE_SQLITE_SYNC,
    backups: overrides.backups ?? {
      schedule: e.CADENCE_BACKUP_SCHEDULE,
      dir: path.resolve(e.CADENCE_BACKUP_DIR ?? path.join(dataDir, 'backups')),
      keepDaily: e.CADENCE_BACKUP_KEEP_DAILY,
      keepWeekly: e.CADENCE_BACKUP_KEEP_WEEKLY,
      passphrase: e.CADENCE_BACKUP_PASSPHRASE_FILE ? readPassphrase(e.CADENCE_BACKUP_PASSPHRASE_FILE) : null,
    },
    identity: overrides.identity ?? identityConfig(e, (overrides.baseUrl ?? e.CADENCE_BASE_URL ?? `http://${host}:${port}`).replace(/\/$/, '')),
    llm:
      overrides.llm !== undefined
        ? overrides.llm
        : e.CADENCE_LLM_URL
          ? { url: e.CADENCE_LLM_URL, model: e.CADENCE_LLM_MODEL ?? 'llama3.1', apiKey: e.CADENCE_LLM_API_KEY ?? null, timeoutMs: e.CADENCE_LLM_TIMEOUT_S * 1000, stream: e.CADENCE_LLM_STREAM === 'on' }
          : null,
    calendarOAuth: overrides.calendarOAuth ?? calendarOAuthConfig(e),
    outbox: overrides.outbox ?? { maxAttempts: e.CADENCE_OUTBOX_MAX_ATTEMPTS, leaseMs: e.CADENCE_OUTBOX_LEASE_S * 1000 },
    mailCapture: overrides.mailCapture ?? {
      address: e.CADENCE_CAPTURE_ADDRESS?.toLowerCase() ?? null,
      smtp: e.CADENCE_CAPTURE_SMTP_PORT === undefined ? null : { host: e.CADENCE_CAPTURE_SMTP_HOST, port: e.CADENCE_CAPTURE_SMTP_PORT },
      maxBytes: Math.round(e.CADENCE_CAPTURE_MAX_MB * 1024 * 1024),
    },
    attachments: overrides.attachments ?? {
      maxBytes: Math.round(e.CADENCE_ATTACHMENT_MAX_MB * 1024 * 1024),
      s3:
        e.CADENCE_S3_URL && e.CADENCE_S3_BUCKET && e.CADENCE_S3_ACCESS_KEY_ID && e.CADENCE_S3_SECRET_ACCESS_KEY
          ? { url: e.CADENCE_S3_URL.replace(/\/$/, ''), bucket: e.CADENCE_S3_BUCKET, region: e.CADENCE_S3_REGION, accessKeyId: e.CADENCE_S3_ACCESS_KEY_ID, secretAccessKey: e.CADENCE_S3_SECRET_ACCESS_KEY }
          : null,
      customerQuota: { count: e.CADENCE_SHARE_UPLOAD_MAX_FILES, bytes: Math.round(e.CADENCE_SHARE_UPLOAD_MAX_MB * 1024 * 1024) },
    },
    redisUrl: overrides.redisUrl !== undefined ? overrides.redisUrl : (e.REDIS_URL ?? null),
    transcripts: overrides.transcripts ?? { maxBytes: Math.round(e.CADENCE_TRANSCRIPT_MAX_MB * 1024 * 1024), timeoutMs: Math.round(e.CADENCE_TRANSCRIPT_TIMEOUT_S * 1000) },
  };
  return Object.freeze(config);
}

function calendarOAuthConfig(e: Env): CalendarOAuthConfig {
  const trim = (u: string) => u.replace(/\/$/, '');
  const google = e.CADENCE_GOOGLE_OAUTH_URL ? trim(e.CADENCE_GOOGLE_OAUTH_URL) : null;
  const login = trim(e.CADENCE_MICROSOFT_LOGIN_URL ?? 'https://login.microsoftonline.com');
  const tenant = e.CADENCE_MICROSOFT_TENANT;
  return {
    google: {
      clientId: e.CADENCE_GOOGLE_CLIENT_ID ?? null,
      clientSecret: e.CADENCE_GOOGLE_CLIENT_SECRET ?? null,
      authorizeUrl: google ? `${google}/o/oauth2/v2/auth` : 'https://accounts.google.com/o/oauth2/v2/auth',
      tokenUrl: google ? `${google}/token` : 'https://oauth2.googleapis.com/token',
      apiUrl: trim(e.CADENCE_GOOGLE_API_URL ?? 'https://www.googleapis.com/calendar/v3'),
    },
    microsoft: {
      clientId: e.CADENCE_MICROSOFT_CLIENT_ID ?? null,
      clientSecret: e.CADENCE_MICROSOFT_CLIENT_SECRET ?? null,
      tenant,
      authorizeUrl: `${login}/${tenant}/oauth2/v2.0/authorize`,
      tokenUrl: `${login}/${tenant}/oauth2/v2.0/token`,
      graphUrl: trim(e.CADENCE_MICROSOFT_GRAPH_URL ?? 'https://graph.microsoft.com/v1.0'),
    },
  };
}

function identityConfig(e: Env, baseUrl: string): IdentityConfig {
  return {
    oidc:
      e.CADENCE_OIDC_ISSUER && e.CADENCE_OIDC_CLIENT_ID
        ? { issuer: e.CADENCE_OIDC_ISSUER, clientId: e.CADENCE_OIDC_CLIENT_ID, clientSecret: e.CADENCE_OIDC_CLIENT_SECRET ?? null, roleClaim: e.CADENCE_OIDC_ROLE_CLAIM ?? null, name: e.CADENCE_OIDC_NAME }
        : null,
    saml:
      e.CADENCE_SAML_ENTRY_POINT && e.CADENCE_SAML_IDP_CERT
        ? {
            entryPoint: e.CADENCE_SAML_ENTRY_POINT,
            // A PEM in the variable itself, or a path to a file holding it.
            idpCert: e.CADENCE_SAML_IDP_CERT.includes('BEGIN CERTIFICATE') || !existsSync(e.CADENCE_SAML_IDP_CERT) ? e.CADENCE_SAML_IDP_CERT : readFileSync(e.CADENCE_SAML_IDP_CERT, 'utf8'),
            entityId: e.CADENCE_SAML_ENTITY_ID ?? `${baseUrl}/auth/saml/metadata`,
            roleAttribute: e.CADENCE_SAML_ROLE_ATTRIBUTE,
            name: e.CADENCE_SAML_NAME,
          }
        : null,
    allowedDomains: (e.CADENCE_SSO_ALLOWED_DOMAINS ?? '')
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
    defaultRole: e.CADENCE_SSO_DEFAULT_ROLE === 'none' ? null : e.CADENCE_SSO_DEFAULT_ROLE,
    passwordLogin: e.CADENCE_PASSWORD_LOGIN === 'on',
    breakGlassEmail: e.CADENCE_BREAK_GLASS_EMAIL?.toLowerCase() ?? null,
  };
}

/** The backup passphrase lives in a file (never in the environment, where process listings show it). */
function readPassphrase(file: string): string {
  if (!existsSync(file)) throw new ConfigError([`CADENCE_BACKUP_PASSPHRASE_FILE: ${file} does not exist`]);
  const passphrase = readFileSync(file, 'utf8').trim();
  if (passphrase.length < 12) throw new ConfigError([`CADENCE_BACKUP_PASSPHRASE_FILE: the passphrase in ${file} needs at least 12 characters`]);
  return passphrase;
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
