import { isIntegrationError } from './errors.ts';

/**
 * The marker written into a GitLab/GitHub description so a retry can find the item it already
 * opened. An HTML comment: invisible in the rendered issue.
 */
export function idempotencyMarker(key: string): string {
  return `<!-- cadence-key: ${key} -->`;
}

export function hasIdempotencyMarker(text: string | null | undefined, key: string): boolean {
  return !!text && text.includes(idempotencyMarker(key));
}

/**
 * Look up, then create; after a create that failed in a way that may have reached the vendor
 * (a 5xx, a timeout), look up again before trying once more. The vendor's own idempotency
 * support, where it has one, is layered on top by the caller.
 */
export async function createOnce<T>(steps: { find: () => Promise<T | undefined>; create: () => Promise<T>; attempts?: number }): Promise<T & { created: boolean }> {
  const existing = await steps.find();
  if (existing !== undefined) return { ...existing, created: false };
  const attempts = steps.attempts ?? 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ...(await steps.create()), created: true };
    } catch (err) {
      if (!isIntegrationError(err) || err.kind !== 'temporary' || attempt >= attempts) throw err;
      const landed = await steps.find();
      if (landed !== undefined) return { ...landed, created: true };
    }
  }
}
