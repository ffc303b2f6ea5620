import type { Actor } from '../../domain/model.ts';
import type { Deps } from '../../deps.ts';
import { countMailCaptureOutcomes, lastMailCaptureFailure } from '../../store/captured-mails.repo.ts';

export interface MailCaptureStatus {
  /** The workspace's capture address (BCC or forward mail to it); null when mail capture is off. */
  address: string | null;
  /** Where this node's SMTP receiver listens; null when CADENCE_CAPTURE_SMTP_PORT is unset here. */
  receiver: { host: string; port: number; maxBytes: number } | null;
  seen: number;
  logged: number;
  skipped: number;
  failed: number;
  /** Skips by reason, most frequent first. */
  reasons: { reason: string; count: number; lastAt: string }[];
  lastLoggedAt: string | null;
  lastError: { at: string; message: string } | null;
}

/**
 * The capture address and what the receiver did with what it saw, counted over every node (the
 * counts live in the database): logged, skipped by reason, failed, and the last error in words.
 * Anyone signed in may read it: it names no account and no person.
 */
export async function getMailCaptureStatus(deps: Deps, _actor: Actor): Promise<MailCaptureStatus> {
  const { address, smtp, maxBytes } = deps.config.mailCapture;
  const [counts, failure] = await Promise.all([countMailCaptureOutcomes(deps.store.db), lastMailCaptureFailure(deps.store.db)]);
  const total = (outcome: string) => counts.filter((c) => c.outcome === outcome).reduce((n, c) => n + c.count, 0);
  const logged = counts.find((c) => c.outcome === 'logged');
  return {
    address,
    receiver: smtp ? { host: smtp.host, port: smtp.port, maxBytes } : null,
    seen: counts.reduce((n, c) => n + c.count, 0),
    logged: total('logged'),
    skipped: total('skipped'),
    failed: total('failed'),
    reasons: counts
      .filter((c) => c.outcome === 'skipped')
      .map((c) => ({ reason: c.reason ?? 'unknown', count: c.count, lastAt: c.last }))
      .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    lastLoggedAt: logged?.last ?? null,
    lastError: failure ? { at: failure.at, message: failure.detail ?? 'unknown error' } : null,
  };
}
