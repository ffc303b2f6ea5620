import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

/** One counter a request is counted against, per minute. */
export interface RateLimit {
  /** What there were too many of, as the 429 says it: 'sign-in attempts from this address'. */
  what: string;
  max: number;
  /** The counter's key: the limit's name and who it counts (`sign-in:address:203.0.113.7`). */
  key(request: FastifyRequest): string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every request counts against each of these; the first one over answers 429. */
    rateLimits?: RateLimit[];
  }
}

const WINDOW_MS = 60_000;

/** The client's address as a counter key: an IPv6 client counts by its /64, which one client usually holds whole. */
export const clientAddress = (request: FastifyRequest): string => normalizeIP(request.ip);

/**
 * Routes name their limits in `config.rateLimits`; several limits per route (by address and by
 * account) are why this is not the plugin's single `config.rateLimit`. The counting is the plugin's.
 */
export function registerRateLimits(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const limits = route.config?.rateLimits;
    if (!limits?.length) return;
    const checks = limits.map((limit) => ({ limit, count: app.createRateLimit({ max: limit.max, timeWindow: WINDOW_MS, keyGenerator: limit.key }) }));
    const limited = async (request: FastifyRequest, reply: FastifyReply) => {
      const counted = await Promise.all(checks.map(async ({ limit, count }) => ({ limit, answer: await count(request) })));
      let over: { what: string; seconds: number } | undefined;
      for (const { limit, answer } of counted) {
        // The client has to wait until every limit it is over has reopened: name the longest wait.
        if (!answer.isAllowed && answer.isExceeded && (!over || answer.ttlInSeconds > over.seconds)) over = { what: limit.what, seconds: answer.ttlInSeconds };
      }
      if (!over) return;
      reply.header('retry-after', over.seconds);
      throw new AppError('rate_limited', `too many ${over.what}; try again in ${inWords(over.seconds)}`);
    };
    route.preHandler = [limited, ...[route.preHandler ?? []].flat()];
  });
}

function inWords(seconds: number): string {
  if (seconds >= 120) return `${Math.ceil(seconds / 60)} minutes`;
  return seconds === 1 ? '1 second' : `${Math.max(1, seconds)} seconds`;
}

/** Share links of both kinds (agenda, success plan) count together per address, whichever token is tried: guessing links is slowed. */
export const shareLinkRequests: RateLimit = { what: 'requests on share links from this address', max: 120, key: (request) => `share-link:address:${clientAddress(request)}` };
