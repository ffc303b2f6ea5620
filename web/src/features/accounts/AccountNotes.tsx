import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { FileText } from 'lucide-react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Card } from '../../components/Card';
import { api } from '../../lib/api-client';
import { markdownToSafeHtml } from '../../lib/markdown';

interface NotesDocument {
  title: string;
  path: string;
  markdown: string;
}

/** Task-list boxes ("- [x] …") are read-only here; each is named by its item's text, so screen readers say what is ticked. */
function labelTaskBoxes(html: string): string {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  for (const box of doc.body.querySelectorAll('input[type=checkbox]')) {
    const text = box.parentElement?.textContent?.trim();
    box.setAttribute('aria-label', text ? `${box.hasAttribute('checked') ? 'Done' : 'Open'}: ${text}` : 'Task');
  }
  return doc.body.innerHTML;
}

/** The account's notes document: every call's notes in one Markdown file, newest call first. Loaded on demand (the Markdown renderer stays out of the first screen). */
export default function AccountNotes({ accountId }: { accountId: string }) {
  const doc = useQuery({ queryKey: ['notes-document', accountId], queryFn: () => api<NotesDocument>('GET', `/api/accounts/${accountId}/notes-document?format=json`) });
  const html = useMemo(() => (doc.data ? labelTaskBoxes(markdownToSafeHtml(doc.data.markdown)) : ''), [doc.data]);
  return (
    <Card
      id="notes"
      title="Notes"
      icon={FileText}
      actions={
        <a href={`/api/accounts/${accountId}/notes-document`} target="_blank" rel="noopener">
          Notes document (Markdown)
        </a>
      }
    >
      {doc.isPending ? (
        <Loading what="the notes" />
      ) : doc.isError ? (
        <ErrorState error={doc.error} />
      ) : doc.data.markdown.trim() === '' ? (
        <Empty>No notes yet: they gather here after each call.</Empty>
      ) : (
        <div className="notes-doc md-preview" dangerouslySetInnerHTML={{ __html: html }} />
      )}
    </Card>
  );
}
