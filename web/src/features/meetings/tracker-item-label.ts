/**
 * The name a CSM knows a tracker item by, read from its link: "SUP-24" in Jira, "#42" on GitHub
 * or GitLab, "#5001" in Zendesk. The stored external id is the tracker's internal id (Jira's
 * "10000", GitHub's global issue id), which nobody recognises; it is the fallback only.
 */
export function trackerItemLabel(url: string | null | undefined, externalId: string | null | undefined): string {
  if (url) {
    const pathname = URL.canParse(url) ? new URL(url).pathname : '';
    const jira = /\/browse\/([A-Z][A-Z0-9_]*-\d+)\/?$/.exec(pathname);
    if (jira) return jira[1]!;
    const numbered = /\/(?:issues|tickets|pull|merge_requests)\/(\d+)\/?$/.exec(pathname);
    if (numbered) return `#${numbered[1]!}`;
  }
  return externalId ?? url ?? '';
}
