import { Mail, Users } from 'lucide-react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { Avatar } from '../../components/Avatar';
import { Badge } from '../../components/Badge';
import { Card } from '../../components/Card';
import type { Account, Contact } from '../../lib/api-client';
import { label } from '../../lib/format';

/** The customer's people and the account team, each with a face (initials). */
export function AccountContacts({ account: a, contacts, error, names }: { account: Account; contacts: Contact[] | undefined; error: unknown; names: (id: string) => string }) {
  return (
    <div className="contacts-tab">
      <Card id="contacts" title="Contacts" icon={Users}>
        {error ? (
          <ErrorState error={error} />
        ) : contacts === undefined ? (
          <Loading what="contacts" />
        ) : contacts.length === 0 ? (
          <Empty>No contacts yet.</Empty>
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
