/**
 * What a mail says, as blocks, decided by the domain; `integrations/email/mail-layout.ts` lays it
 * out (HTML and plain text). Here so pure rules can describe a mail without importing the layout.
 */

export type MailBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'list'; items: { text: string; note?: string }[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'links'; items: { url: string; label: string; summary?: string }[] };

export interface MailContent {
  /** The line mail clients show beside the subject. */
  preheader?: string;
  greeting?: string;
  blocks: MailBlock[];
  /** "Best regards, <name>" lines. */
  signature?: string[];
  /** The sender's name at the top of the mail (the vendor); optional. */
  brand?: string;
  /** Small print under the mail (who sent it and why); optional. */
  footer?: string;
}
