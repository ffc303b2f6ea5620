import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { clockIn } from '../../../../src/domain/calendar/call-time.ts';
import { Link, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { api, type Account, type Contact, type Page } from '../../lib/api-client';
import { formatInstant, label } from '../../lib/format';
import type { Meeting } from '../../lib/meeting-types';
import { useUsers } from '../accounts/use-users';
import { AgendaPanel } from './AgendaPanel';
import { CapturePanel } from './CapturePanel';
import { EngagementPanel, FollowUpPanel } from './FollowUpPanel';
import { AccountActionItems } from '../accounts/AccountActionItems';
import { MeetingActions } from './MeetingActions';
import { NotesPanel } from './NotesPanel';
import { ShareLinks } from './ShareLinks';
import { AttachmentsPanel } from '../attachments/AttachmentsPanel';
import { TranscriptPanel } from './TranscriptPanel';
import { useAgenda } from './use-agenda';
import { useCapture } from './use-capture';
import { usePanelFocus } from './use-panel-focus';
import { WrapUpForm } from './WrapUpForm';
import { useLiveNotes } from './live/use-live-notes';

const HELD = new Set(['held', 'followed_up', 'complete']);

/** The call itself: agenda on the left, notes and capture on the right, keyboard first. */
export default function MeetingWorkspace() {
  const { id = '' } = useParams();
  const meeting = useQuery({ queryKey: ['meeting', id], queryFn: () => api<Meeting>('GET', `/api/meetings/${id}`) });
  if (meeting.isPending) return <Loading what="the meeting" />;
  if (meeting.isError) return <ErrorState error={meeting.error} />;
  return <Workspace key={id} meeting={meeting.data} />;
}

function Workspace({ meeting }: { meeting: Meeting }) {
  const { user } = useSession();
  const client = useQueryClient();
  const account = useQuery({ queryKey: ['account', meeting.accountId], queryFn: () => api<Account>('GET', `/api/accounts/${meeting.accountId}`) });
  const contacts = useQuery({ queryKey: ['contacts', meeting.accountId], queryFn: () => api<Page<Contact>>('GET', `/api/contacts?accountId=${meeting.accountId}&limit=200`) });
  const users = useUsers();
  const agenda = useAgenda(meeting.id);
  const capture = useCapture(meeting.id);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  usePanelFocus();

  // The notes are one document the account team types into together (live/use-live-notes.ts).
  const notes = useLiveNotes(meeting.id, user);

  const refs = {
    add: useRef<HTMLInputElement>(null),
    notes: useRef<HTMLElement>(null),
    action: useRef<HTMLInputElement>(null),
    risk: useRef<HTMLSelectElement>(null),
    request: useRef<HTMLInputElement>(null),
    sentiment: useRef<HTMLSelectElement>(null),
  };
  useEffect(() => {
    const shortcuts: Record<string, React.RefObject<HTMLElement | null>> = { n: refs.add, m: refs.notes, a: refs.action, r: refs.risk, q: refs.request, s: refs.sentiment };
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = shortcuts[e.key.toLowerCase()] ?? shortcuts[e.code.replace('Key', '').toLowerCase()];
      if (target?.current) {
        e.preventDefault();
        target.current.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
    // Registered once: the shortcut refs are stable, so the listener never needs replacing.
  }, []);

  const held = HELD.has(meeting.state);
  const editable = user.role !== 'viewer' && meeting.state !== 'cancelled';
  const agendaItems = useMemo(() => agenda.query.data?.items ?? [], [agenda.query.data]);
  const selected = agendaItems.find((i) => i.id === selectedId) ?? null;
  // Until the shared document is read, the agenda marks the items the server knows have notes.
  const itemNotes = useMemo(() => (notes.ready ? Object.fromEntries(Object.keys(notes.itemsWithNotes).map((id) => [id, '✎'])) : Object.fromEntries(agendaItems.map((i) => [i.id, i.notes]))), [notes.ready, notes.itemsWithNotes, agendaItems]);
  const vendorPeople = useMemo(() => users.data?.items ?? [], [users.data]);
  const defaultOwner = `user:${account.data?.ownerId ?? user.id}`;

  return (
    <article className="workspace">
      <header className="ws-head">
        <div>
          <p className="crumbs">
            <Link to="/accounts">Book of business</Link> / {account.data ? <Link to={`/accounts/${meeting.accountId}`}>{account.data.name}</Link> : '…'}
          </p>
          <h1>{meeting.title}</h1>
          <p className="meta">
            <time dateTime={meeting.startsAt}>{formatInstant(meeting.startsAt)}</time>
            {account.data && <span className="customer-time"> (customer: {clockIn(meeting.startsAt, account.data.timezone)})</span>} · <span className={`badge state-${meeting.state}`}>{label(meeting.state)}</span> ·{' '}
            {meeting.attendees
              .filter((a) => a.side === 'customer')
              .map((a) => a.name)
              .join(', ') || 'no customer attendees yet'}
          </p>
        </div>
        {editable && <MeetingActions meeting={meeting} />}
      </header>
      <div className="ws-body">
        <AgendaPanel agenda={agenda} editable={editable} selectedId={selectedId} onSelect={setSelectedId} itemNotes={itemNotes} addRef={refs.add} />
        <div className="ws-side">
          <NotesPanel meetingId={meeting.id} live={notes} selected={selected} items={agendaItems} notesRef={refs.notes} readOnly={!editable} />
          {held ? (
            <>
              <FollowUpPanel meetingId={meeting.id} />
              <AccountActionItems accountId={meeting.accountId} canEdit={editable} meetingId={meeting.id} />
              <EngagementPanel meetingId={meeting.id} />
            </>
          ) : editable ? (
            <>
              <CapturePanel capture={capture} users={vendorPeople} contacts={contacts.data?.items ?? []} defaultOwner={defaultOwner} refs={{ action: refs.action, risk: refs.risk, request: refs.request, sentiment: refs.sentiment }} />
              <WrapUpForm
                meeting={meeting}
                capture={capture}
                notes={notes}
                discussedIds={(agenda.query.data?.items ?? []).filter((i) => i.discussed).map((i) => i.id)}
                onDone={() => {
                  void client.invalidateQueries({ queryKey: ['meeting', meeting.id] });
                  void client.invalidateQueries({ queryKey: ['agenda', meeting.id] });
                  void client.invalidateQueries({ queryKey: ['timeline', meeting.accountId] });
                  void client.invalidateQueries({ queryKey: ['meetings'] });
                }}
              />
            </>
          ) : null}
          <TranscriptPanel meeting={meeting} users={vendorPeople} contacts={contacts.data?.items ?? []} editable={editable} />
          <AttachmentsPanel meetingId={meeting.id} editable={editable} title="Advance materials" />
          {editable && <ShareLinks meetingId={meeting.id} />}
        </div>
      </div>
    </article>
  );
}
