/**
 * A setup file of the integration project (vitest.config.ts): passwords made in a test's process
 * are hashed with scrypt N=2^10 instead of 2^15. Every makeUser and sign-in hashed or checked one at
 * 30–90 ms of CPU; what the tests assert (a right password opens, a wrong one does not, the hash is
 * no plain text) is the same at any cost. A hash names its N, so servers the tests spawn (bin/cadence.js)
 * check these hashes as they are and hash their own at the full cost.
 */
import { lowerPasswordCostForTests } from '../../src/services/users/passwords.ts';

lowerPasswordCostForTests(1024);
