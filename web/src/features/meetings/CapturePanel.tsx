import { RiskTypeOptions, SeverityOptions } from '../../lib/risk-options';
import { useState, type FormEvent } from 'react';
import type { Contact, User } from '../../lib/api-client';
import { formatDate, label } from '../../lib/format';
import { RISK_TYPES, SEVERITIES, type Capture, type Sentiment, type Side } from '../../lib/meeting-types';
import type { useCapture } from './use-capture';

interface Props {
  capture: ReturnType<typeof useCapture>;
  users: User[];
  contacts: Contact[];
  defaultOwner: string;
  refs: { action: React.RefObject<HTMLInputElement | null>; risk: React.RefObject<HTMLSelectElement | null>; request: React.RefObject<HTMLInputElement | null>; sentiment: React.RefObject<HTMLSelectElement | null> };
}

let counter = 0;
const key = () => `${Date.now().toString(36)}-${(counter += 1)}`;

/** Action items, risks, requests and sentiment captured during the call; sent by the wrap-up. */
export function CapturePanel({ capture: { capture, update }, users, contacts, defaultOwner, refs }: Props) {
  return (
    <section className="capture" aria-labelledby="capture-h">
      <div className="panel-head">
        <h2 id="capture-h">Capture</h2>
        <span className="hint">Alt+N agenda · Alt+M notes · Alt+A action · Alt+R risk · Alt+Q request · Alt+S sentiment</span>
      </div>
      <ActionItemForm users={users} contacts={contacts} defaultOwner={defaultOwner} inputRef={refs.action} onAdd={(a) => update((c) => ({ ...c, actionItems: [...c.actionItems, a] }))} />
      <RiskForm selectRef={refs.risk} onAdd={(r) => update((c) => ({ ...c, risks: [...c.risks, r] }))} />
      <RequestForm inputRef={refs.request} onAdd={(r) => update((c) => ({ ...c, requests: [...c.requests, r] }))} />
      <fieldset className="sentiment">
        <legend>Sentiment</legend>
        <SentimentSelect id="csm-sentiment" label="Relationship" value={capture.csmSentiment} selectRef={refs.sentiment} onChange={(v) => update((c) => ({ ...c, csmSentiment: v }))} />
        <SentimentSelect id="product-sentiment" label="Product" value={capture.productSentiment} onChange={(v) => update((c) => ({ ...c, productSentiment: v }))} />
      </fieldset>
      <Captured capture={capture} onRemove={(kind, k) => update((c) => ({ ...c, [kind]: (c[kind] as { key: string }[]).filter((x) => x.key !== k) }))} />
    </section>
  );
}

function ActionItemForm({ users, contacts, defaultOwner, inputRef, onAdd }: { users: User[]; contacts: Contact[]; defaultOwner: string; inputRef: React.Ref<HTMLInputElement>; onAdd(a: Capture['actionItems'][number]): void }) {
  const [text, setText] = useState('');
  const [owner, setOwner] = useState(defaultOwner);
  const [side, setSide] = useState<Side | ''>('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ownerSide: Side = owner.startsWith('contact:') ? 'customer' : 'vendor';

  function submit(event: FormEvent) {
    event.preventDefault();
    if (text.trim().length === 0) return setError('Say what needs doing.');
    const [kind, id = ''] = owner.split(':');
    const ownerName = kind === 'user' ? users.find((u) => u.id === id)?.name : contacts.find((c) => c.id === id)?.name;
    if (!ownerName) return setError('Choose an owner.');
    onAdd({ key: key(), text: text.trim(), side: side || ownerSide, owner: kind === 'user' ? { userId: id } : { contactId: id }, ownerName, dueDate: due || null });
    setText('');
    setDue('');
    setError(null);
  }

  return (
    <form className="capture-form" onSubmit={submit} aria-labelledby="ai-h">
      <h3 id="ai-h">Action item</h3>
      <label htmlFor="ai-text">What (Alt+A)</label>
      <input id="ai-text" ref={inputRef} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} aria-invalid={!!error} aria-describedby={error ? 'ai-err' : undefined} />
      <div className="form-row">
        <label>
          Owner{' '}
          <select value={owner} onChange={(e) => setOwner(e.target.value)}>
            <optgroup label="Our team">
              {users.map((u) => (
                <option key={u.id} value={`user:${u.id}`}>
                  {u.name}
                </option>
              ))}
            </optgroup>
            <optgroup label="Customer">
              {contacts
                .filter((c) => c.status !== 'left')
                .map((c) => (
                  <option key={c.id} value={`contact:${c.id}`}>
                    {c.name}
                  </option>
                ))}
            </optgroup>
          </select>
        </label>
        <label>
          Side{' '}
          <select value={side || ownerSide} onChange={(e) => setSide(e.target.value as Side)}>
            <option value="vendor">ours</option>
            <option value="customer">customer's</option>
          </select>
        </label>
        <label>
          Due <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <button type="submit">Add action item</button>
      </div>
      {error && (
        <p id="ai-err" className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function RiskForm({ selectRef, onAdd }: { selectRef: React.Ref<HTMLSelectElement>; onAdd(r: Capture['risks'][number]): void }) {
  const [type, setType] = useState<(typeof RISK_TYPES)[number]>('other');
  const [severity, setSeverity] = useState<(typeof SEVERITIES)[number]>('medium');
  const [evidence, setEvidence] = useState('');
  const [arr, setArr] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!evidence.trim()) return setError('Say what you heard: the evidence for this risk.');
    const arrAtRisk = arr.trim() === '' ? null : Number(arr);
    if (arrAtRisk !== null && (!Number.isFinite(arrAtRisk) || arrAtRisk < 0)) return setError('ARR at risk must be a positive amount.');
    onAdd({ key: key(), type, severity, evidence: evidence.trim(), arrAtRisk });
    setEvidence('');
    setArr('');
    setError(null);
  }
  return (
    <form className="capture-form" onSubmit={submit} aria-labelledby="risk-h">
      <h3 id="risk-h">Risk</h3>
      <div className="form-row">
        <label>
          Type (Alt+R){' '}
          <select ref={selectRef} value={type} onChange={(e) => setType(e.target.value as typeof type)}>
            <RiskTypeOptions />
          </select>
        </label>
        <label>
          Severity{' '}
          <select value={severity} onChange={(e) => setSeverity(e.target.value as typeof severity)}>
            <SeverityOptions />
          </select>
        </label>
        <label>
          ARR at risk <input inputMode="numeric" size={8} value={arr} onChange={(e) => setArr(e.target.value)} />
        </label>
      </div>
      <label htmlFor="risk-evidence">Evidence</label>
      <div className="form-row">
        <input id="risk-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={4000} aria-invalid={!!error} />
        <button type="submit">Add risk</button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function RequestForm({ inputRef, onAdd }: { inputRef: React.Ref<HTMLInputElement>; onAdd(r: Capture['requests'][number]): void }) {
  const [kind, setKind] = useState<'ticket' | 'feature_request'>('feature_request');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!title.trim()) return setError('Give the request a title.');
    onAdd({ key: key(), kind, title: title.trim() });
    setTitle('');
    setError(null);
  }
  return (
    <form className="capture-form" onSubmit={submit} aria-labelledby="req-h">
      <h3 id="req-h">Ticket or feature request</h3>
      <div className="form-row">
        <label>
          Kind{' '}
          <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
            <option value="feature_request">feature request</option>
            <option value="ticket">support ticket</option>
          </select>
        </label>
        <label className="grow">
          Title (Alt+Q) <input ref={inputRef} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} aria-invalid={!!error} />
        </label>
        <button type="submit">Add request</button>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

function SentimentSelect({ id, label: text, value, onChange, selectRef }: { id: string; label: string; value: Sentiment | null; onChange(v: Sentiment | null): void; selectRef?: React.Ref<HTMLSelectElement> }) {
  return (
    <label htmlFor={id}>
      {text}{' '}
      <select id={id} ref={selectRef} value={value ?? ''} onChange={(e) => onChange((e.target.value || null) as Sentiment | null)}>
        <option value="">not set</option>
        <option value="green">green</option>
        <option value="yellow">yellow</option>
        <option value="red">red</option>
      </select>
    </label>
  );
}

function Captured({ capture, onRemove }: { capture: Capture; onRemove(kind: 'actionItems' | 'risks' | 'requests', key: string): void }) {
  const total = capture.actionItems.length + capture.risks.length + capture.requests.length;
  if (total === 0) return <p className="empty">Nothing captured yet. It is sent with the wrap-up.</p>;
  return (
    <ul className="captured" aria-label="Captured, to send with the wrap-up">
      {capture.actionItems.map((a) => (
        <li key={a.key}>
          <span className="badge">action</span> {a.text} — {a.ownerName} ({a.side === 'customer' ? 'customer' : 'us'}){a.dueDate ? `, due ${formatDate(a.dueDate)}` : ''}
          <button type="button" className="link" onClick={() => onRemove('actionItems', a.key)} aria-label={`Remove action item ${a.text}`}>
            remove
          </button>
        </li>
      ))}
      {capture.risks.map((r) => (
        <li key={r.key}>
          <span className="badge warn">risk</span> {label(r.type)} ({r.severity}): {r.evidence}
          <button type="button" className="link" onClick={() => onRemove('risks', r.key)} aria-label={`Remove risk ${r.evidence}`}>
            remove
          </button>
        </li>
      ))}
      {capture.requests.map((r) => (
        <li key={r.key}>
          <span className="badge">{r.kind === 'ticket' ? 'ticket' : 'request'}</span> {r.title}
          <button type="button" className="link" onClick={() => onRemove('requests', r.key)} aria-label={`Remove request ${r.title}`}>
            remove
          </button>
        </li>
      ))}
    </ul>
  );
}
