import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Loading, ErrorState } from '../../app/states';
import { api, type Contact } from '../../lib/api-client';
import { label } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { CONTACT_ROLES, CONTACT_STATUSES } from '../../../../src/domain/model.ts';
import './csm-forms.css';

const FIELDS = ['name', 'email', 'title', 'role', 'status', 'phone', 'externalId'];

interface Draft {
  name: string;
  email: string;
  title: string;
  role: string;
  status: string;
  phone: string;
  externalId: string;
}

const fromContact = (c: Contact | null): Draft => ({
  name: c?.name ?? '',
  email: c?.email ?? '',
  title: c?.title ?? '',
  role: c?.role ?? 'user',
  status: c?.status ?? 'active',
  phone: c?.phone ?? '',
  externalId: c?.externalId ?? '',
});

/** Who changed what on the account's people: the list, the account's page and its timeline. */
function useContactsChanged(accountId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['contacts', accountId] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
  };
}

/** Add a contact to the account. */
export function AddContact({ accountId, onDone, onCancel }: { accountId: string; onDone(): void; onCancel(): void }) {
  const changed = useContactsChanged(accountId);
  return (
    <ContactFields
      title="Add a contact"
      idPrefix="new-contact"
      initial={fromContact(null)}
      submitText="Add contact"
      save={(d) => api<Contact>('POST', '/api/contacts', { accountId, ...body(d, true) })}
      onSaved={() => {
        changed();
        onDone();
      }}
      onCancel={onCancel}
    />
  );
}

/** Edit a contact: read fresh from the API, so the form starts from what is saved now. */
export function EditContact({ contactId, accountId, onDone, onCancel }: { contactId: string; accountId: string; onDone(): void; onCancel(): void }) {
  const changed = useContactsChanged(accountId);
  const contact = useQuery({ queryKey: ['contact', contactId], queryFn: () => api<Contact>('GET', `/api/contacts/${contactId}`), staleTime: 0 });
  if (contact.isPending) return <Loading what="the contact" />;
  if (contact.isError) return <ErrorState error={contact.error} />;
  return (
    <ContactFields
      title={`Edit ${contact.data.name}`}
      idPrefix={`contact-${contactId}`}
      initial={fromContact(contact.data)}
      submitText="Save contact"
      save={(d) => api<Contact>('PATCH', `/api/contacts/${contactId}`, body(d, false))}
      onSaved={() => {
        changed();
        onDone();
      }}
      onCancel={onCancel}
    />
  );
}

/** Empty optional fields: left out on create, cleared (null) on edit. */
function body(d: Draft, creating: boolean) {
  const opt = (v: string) => (v.trim() === '' ? (creating ? undefined : null) : v.trim());
  return { name: d.name.trim(), email: opt(d.email), title: opt(d.title), role: d.role, status: d.status, phone: opt(d.phone), externalId: opt(d.externalId) };
}

function ContactFields({ title, idPrefix, initial, submitText, save, onSaved, onCancel }: { title: string; idPrefix: string; initial: Draft; submitText: string; save(d: Draft): Promise<Contact>; onSaved(): void; onCancel(): void }) {
  const [d, setD] = useState<Draft>(initial);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const mutation = useMutation({ mutationFn: () => save(d), onSuccess: onSaved, onError: (e) => setProblem(problemOf(e)) });
  const set = (patch: Partial<Draft>) => setD((old) => ({ ...old, ...patch }));
  function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!d.name.trim()) return setProblem({ field: 'name', message: 'Name the contact.' });
    mutation.mutate();
  }
  const id = (f: string) => `${idPrefix}-${f}`;
  const input = (f: keyof Draft, text: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <>
      <label htmlFor={id(f)}>{text}</label>
      <span>
        <input id={id(f)} value={d[f]} onChange={(e) => set({ [f]: e.target.value })} {...invalidProps(problem, f, id(f))} {...props} />
        <FieldError problem={problem} field={f} id={id(f)} />
      </span>
    </>
  );
  return (
    <form className="settings-form contact-form" onSubmit={submit} noValidate aria-label={title}>
      <h3>{title}</h3>
      <div className="field-grid">
        {input('name', 'Name', { maxLength: 200, autoFocus: true, autoComplete: 'off' })}
        {input('email', 'Email', { type: 'email', maxLength: 254, autoComplete: 'off' })}
        {input('title', 'Job title', { maxLength: 200 })}
        <label htmlFor={id('role')}>Role</label>
        <span>
          <select id={id('role')} value={d.role} onChange={(e) => set({ role: e.target.value })} {...invalidProps(problem, 'role', id('role'))}>
            {CONTACT_ROLES.map((r) => (
              <option key={r} value={r}>
                {label(r)}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="role" id={id('role')} />
        </span>
        <label htmlFor={id('status')}>Status</label>
        <span>
          <select id={id('status')} value={d.status} onChange={(e) => set({ status: e.target.value })} {...invalidProps(problem, 'status', id('status'))}>
            {CONTACT_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s === 'left' ? 'left the company' : s}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="status" id={id('status')} />
        </span>
        {input('phone', 'Phone', { type: 'tel', maxLength: 50 })}
        {input('externalId', 'External id', { maxLength: 100 })}
      </div>
      <FormError problem={problem} fields={FIELDS} />
      <div className="buttons">
        <button type="submit" className="primary" disabled={mutation.isPending}>
          {mutation.isPending ? 'Saving…' : submitText}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Archiving takes the contact off the account's lists and invites (its history stays), so it asks first. */
export function ArchiveContact({ contact, onDone }: { contact: Contact; onDone(): void }) {
  const changed = useContactsChanged(contact.accountId);
  const [asking, setAsking] = useState(false);
  const archive = useMutation({
    mutationFn: () => api<Contact>('POST', `/api/contacts/${contact.id}/archive`),
    onSuccess: () => {
      setAsking(false);
      changed();
      onDone();
    },
  });
  if (!asking)
    return (
      <button type="button" className="link" onClick={() => setAsking(true)} aria-label={`Archive ${contact.name}`}>
        Archive
      </button>
    );
  return (
    <span role="group" aria-label={`Confirm archiving ${contact.name}`} className="confirm">
      Archive {contact.name}? They leave the contact list and future invites; past calls keep them.{' '}
      <button type="button" className="danger" onClick={() => archive.mutate()} disabled={archive.isPending}>
        {archive.isPending ? 'Archiving…' : 'Yes, archive'}
      </button>{' '}
      <button type="button" onClick={() => setAsking(false)}>
        Keep
      </button>
      {archive.isError && (
        <span className="error" role="alert">
          {' '}
          {problemOf(archive.error).message}
        </span>
      )}
    </span>
  );
}
