import type { CustomerAccountView } from '../account/customer-account-view.ts';
import type { MailContent } from '../mail-content.ts';

/**
 * The introduction mail a new owner sends the customer's people after a handoff. It is built from
 * the customer view of the account only (their open items and shared success plan, their own
 * names): nothing internal (risks, health, ARR, notes, the handoff note, the reason) can reach it.
 */
export interface IntroMailInput {
  view: CustomerAccountView;
  /** The contact greeted (first name is used). */
  recipientName: string;
  newOwnerName: string;
  previousOwnerName: string | null;
  vendorName: string;
}

export function introMail(input: IntroMailInput): { subject: string; content: MailContent } {
  const { view } = input;
  const first = input.recipientName.trim().split(/\s+/)[0] || input.recipientName;
  const open = view.actionItems.filter((a) => a.status === 'open');
  const objectives = view.objectives.filter((o) => o.status !== 'achieved');
  const blocks: MailContent['blocks'] = [
    {
      kind: 'paragraph',
      text: `I am ${input.newOwnerName}, and I am taking over as your Customer Success Manager at ${input.vendorName}${input.previousOwnerName ? `, from ${input.previousOwnerName}` : ''}. Everything we agreed stays in place, and I am up to speed on where things stand.`,
    },
  ];
  if (open.length) {
    blocks.push({ kind: 'heading', text: 'What is in flight' });
    blocks.push({ kind: 'list', items: open.map((a) => ({ text: a.text, note: `${a.ownerName}${a.dueDate ? `, due ${a.dueDate}` : ''}` })) });
  }
  if (objectives.length) {
    blocks.push({ kind: 'heading', text: 'Your goals with us' });
    blocks.push({ kind: 'list', items: objectives.map((o) => ({ text: o.title, note: `${o.status}${o.targetDate ? `, target ${o.targetDate}` : ''}` })) });
  }
  blocks.push({ kind: 'paragraph', text: 'I would like to set up a short call to introduce myself and hear what matters most to you right now. Reply with a time that suits you.' });
  return {
    subject: `${view.name}: introducing your new Customer Success Manager`,
    content: { preheader: `${input.newOwnerName} is your new Customer Success Manager`, greeting: `Hello ${first},`, blocks, signature: ['Best regards,', input.newOwnerName] },
  };
}
