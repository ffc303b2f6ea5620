import { randomBytes, scrypt, timingSafeEqual, type BinaryLike, type ScryptOptions } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { invalid } from '../../errors.ts';

// N=2^15, r=8: ~30 ms on these machines, the cost OWASP suggests for scrypt.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;
const KEY_LENGTH = 32;
let costN: number = PARAMS.N;

/**
 * For the test suite only (test/helpers/fast-passwords.ts, a vitest setup file): new hashes at a
 * lower N. The suite hashes and checks a thousand passwords or so, at 30–90 ms of CPU each; a hash
 * names its own N, so it is checked the same way at any cost. Nothing in the app calls this.
 */
export function lowerPasswordCostForTests(n: number): void {
  costN = n;
}

function derive(password: BinaryLike, salt: BinaryLike, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Hashes a password as `scrypt$N$r$p$salt$key` so the parameters can grow later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password.normalize('NFKC'), salt, { ...PARAMS, N: costN });
  return ['scrypt', costN, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: PARAMS.maxmem,
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let commonPasswords: Set<string> | undefined;

/**
 * The bundled list of common passwords (src/domain/common-passwords.txt; its source and licence are
 * in its first lines). Read once; from a build in dist/ it is found beside the sources.
 */
function loadCommonPasswords(): Set<string> {
  if (commonPasswords) return commonPasswords;
  const candidates = [new URL('../../domain/common-passwords.txt', import.meta.url), new URL('../../../src/domain/common-passwords.txt', import.meta.url)];
  const file = candidates.find((url) => existsSync(url));
  if (!file) throw new Error('src/domain/common-passwords.txt is missing from this installation');
  const lines = readFileSync(file, 'utf8').split('\n');
  commonPasswords = new Set(lines.filter((l) => l && !l.startsWith('#')));
  return commonPasswords;
}

/** Whether a password is on the common-passwords list (case does not make it less common). */
export function isCommonPassword(password: string): boolean {
  return loadCommonPasswords().has(password.normalize('NFKC').toLowerCase());
}

/** Refuses a password from the common-passwords list with a 400 naming the field. */
export function assertPasswordNotCommon(password: string, field: string): void {
  if (isCommonPassword(password)) throw invalid(`${field} is one of the most common passwords; choose another`, field);
}

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against nothing, as slowly as against a real hash, so a sign-in with an unknown
 * email takes as long as one with a wrong password and does not tell which emails exist.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  await verifyPassword(password, await dummyHash);
  return false;
}
