import type { CrmActionItem, CrmMeeting } from './ports.ts';

/** Which CRM fields receive Cadence's health and risks; each is optional. */
export interface CrmFieldMapping {
  healthColour?: string;
  healthScore?: string;
  openRisks?: string;
}

/** The values to write on the company/account for the configured fields only. Pure. */
export function crmAccountFields(mapping: CrmFieldMapping, values: { healthColour?: string | null; healthScore?: number | null; openRisks?: readonly string[] }): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  if (mapping.healthColour && values.healthColour !== undefined) out[mapping.healthColour] = values.healthColour;
  if (mapping.healthScore && values.healthScore !== undefined) out[mapping.healthScore] = values.healthScore;
  if (mapping.openRisks && values.openRisks !== undefined) out[mapping.openRisks] = values.openRisks.length > 0 ? values.openRisks.join('; ') : '';
  return out;
}

function actionItemLine(a: CrmActionItem): string {
  const who = [a.owner, a.dueDate ? `due ${a.dueDate}` : undefined].filter(Boolean).join(', ');
  return who ? `${a.text} (${who})` : a.text;
}

/** The meeting as plain text: summary, action items, notes link (Salesforce Description). */
export function meetingPlainText(m: CrmMeeting): string {
  const items = m.actionItems.length > 0 ? `\n\nAction items:\n${m.actionItems.map((a) => `- ${actionItemLine(a)}`).join('\n')}` : '';
  return `${m.summary}${items}\n\nNotes: ${m.notesUrl}`;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The meeting as the simple HTML HubSpot shows in a meeting's body. */
export function meetingHtml(m: CrmMeeting): string {
  const summary = m.summary
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => `<p>${escape(p.trim())}</p>`)
    .join('');
  const items = m.actionItems.length > 0 ? `<p><strong>Action items</strong></p><ul>${m.actionItems.map((a) => `<li>${escape(actionItemLine(a))}</li>`).join('')}</ul>` : '';
  return `${summary}${items}<p><a href="${escape(m.notesUrl)}">Meeting notes in Cadence</a></p>`;
}
