import { Mail, Phone, UserPlus, Users } from 'lucide-react';
import { useState } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import type { Account, Contact } from '../../lib/api-client';
import { label } from '../../lib/format';
import { AddContact, ArchiveContact, EditContact } from './ContactForm';

/** The customer's people and the account team, each with a face (initials). */
export function AccountContacts({ account: a, contacts, error, names, canEdit = false }: { account: Account; contacts: Contact[] | undefined; error: unknown; names: (id: string) => string; canEdit?: boolean }) {
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <div className="contacts-tab">
      <Card
        id="contacts"
        title="Contacts"
        icon={Users}
        actions={
          canEdit && !adding ? (
            <button type="button" className="btn btn-sm" onClick={() => setAdding(true)}>
              <UserPlus aria-hidden="true" size={14} /> Add a contact
            </button>
          ) : undefined
        }
      >
        <p role="status" className={notice ? 'notice' : 'visually-hidden'}>
          {notice}
        </p>
        {adding && (
          <AddContact
            accountId={a.id}
            onDone={() => {
              setAdding(false);
              setNotice('Contact added.');
            }}
            onCancel={() => setAdding(false)}
          />
        )}
        {error ? (
          <ErrorState error={error} />
        ) : contacts === undefined ? (
          <Loading what="contacts" />
        ) : contacts.length === 0 ? (
          <Empty>{canEdit ? 'No contacts yet. Add the champion, the economic buyer and the admins with “Add a contact”: they are invited to every call.' : 'No contacts yet.'}</Empty>
        ) : (
          <ul className="contact-cards">
            {contacts.map((c) => (
              <li key={c.id} className={c.status === 'left' ? 'left' : undefined}>
                <Avatar name={c.name} size={40} />
                <div>
                  <strong>{c.name}</strong> <Badge tone={c.role === 'champion' ? 'success' : c.role === 'economic_buyer' ? 'info' : 'neutral'}>{label(c.role)}</Badge>
                  {c.status === 'left' && <Badge tone="danger">left</Badge>}
                  {c.title && <div className="muted">{c.title}</div>}
                  {c.email && (
                    <div>
                      <Mail aria-hidden="true" size={13} /> <a href={`mailto:${c.email}`}>{c.email}</a>
                    </div>
                  )}
                  {c.phone && (
                    <div>
                      <Phone aria-hidden="true" size={13} /> <a href={`tel:${c.phone}`}>{c.phone}</a>
                    </div>
                  )}
                  {canEdit && editing !== c.id && (
                    <div className="contact-actions">
                      <button type="button" className="link" onClick={() => setEditing(c.id)} aria-label={`Edit ${c.name}`}>
                        Edit
                      </button>
                      <ArchiveContact contact={c} onDone={() => setNotice(`${c.name} archived.`)} />
                    </div>
                  )}
                  {editing === c.id && (
                    <EditContact
                      contactId={c.id}
                      accountId={a.id}
                      onDone={() => {
                        setEditing(null);
                        setNotice(`${c.name} saved.`);
                      }}
                      onCancel={() => setEditing(null)}
                    />
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card id="team" title="Account team" icon={Users}>
        {a.team.length === 0 && !a.ownerId ? (
          <Empty>No one else on the team yet.</Empty>
        ) : (
          <ul className="people-list">
            {a.ownerId && (
              <li>
                <Avatar name={names(a.ownerId)} size={28} /> <span>{names(a.ownerId)}</span> <small className="muted">owner (CSM)</small>
              </li>
            )}
            {a.team.map((m) => (
              <li key={`${m.userId}-${m.role}`}>
                <Avatar name={names(m.userId)} size={28} /> <span>{names(m.userId)}</span> <small className="muted">{m.role.toUpperCase()}</small>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}
