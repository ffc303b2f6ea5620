import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { GraduationCap, UserPlus } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { Link, Route, Routes, useNavigate } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { useSession } from '../../app/session';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import { formatDate } from '../../lib/format';
import { FieldError, FormError, invalidProps, problemOf, type FieldProblem } from '../settings/form-errors';
import { ACTIVITIES, type Pairing, type PairingList } from './shadowing-api';
import { PairingDetail } from './PairingDetail';
import { statusTone, usePeople } from './use-people';
import './shadowing.css';

/** Team → Shadowing: who is learning from whom, how far along they are, and each call's debrief. */
export function ShadowingPage() {
  return (
    <Routes>
      <Route index element={<PairingsList />} />
      <Route path=":id" element={<PairingDetail />} />
    </Routes>
  );
}

function PairingsList() {
  const { user } = useSession();
  const people = usePeople();
  const list = useQuery({ queryKey: ['shadowing'], queryFn: () => api<PairingList>('GET', '/api/shadowing') });
  const leads = user.role === 'manager' || user.role === 'admin';
  return (
    <section className="shadowing" aria-labelledby="shadowing-h">
      <h2 id="shadowing-h">
        <GraduationCap aria-hidden="true" size={18} /> Shadowing
      </h2>
      <p className="hint">A new CSM shadows a senior one for a few weeks: the prep, the calls and the work after them. After each call both write down what they noted, and the debrief shows what they agreed on.</p>
      {list.isPending ? (
        <Loading what="shadowing pairings" />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>{leads ? 'No one is shadowing yet. Pair a new CSM with a senior one below.' : 'You are in no shadowing pairing. Your manager pairs new CSMs with senior ones here.'}</Empty>
      ) : (
        <table className="data">
          <caption className="visually-hidden">Shadowing pairings</caption>
          <thead>
            <tr>
              <th scope="col">New CSM</th>
              <th scope="col">Shadows</th>
              <th scope="col">Period</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Checklist
              </th>
              <th scope="col" className="num">
                Sessions
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  <Link to={p.id}>{people.name(p.newCsmId)}</Link>
                </th>
                <td>{people.name(p.seniorCsmId)}</td>
                <td>
                  {formatDate(p.startsOn)} – {formatDate(p.endsOn)}
                </td>
                <td>
                  <Badge tone={statusTone(p.progress.status)}>{p.progress.status === 'active' ? `${p.progress.daysLeft} days left` : p.progress.status}</Badge>
                </td>
                <td className="num">{p.progress.percent}%</td>
                <td className="num">{p.sessions.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {leads && <PairForm />}
    </section>
  );
}

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function PairForm() {
  const client = useQueryClient();
  const navigate = useNavigate();
  const people = usePeople();
  const csms = (people.data?.items ?? []).filter((u) => u.active && u.role !== 'viewer');
  const [form, setForm] = useState({ newCsmId: '', seniorCsmId: '', startsOn: today(), endsOn: inDays(28) });
  const [checklist, setChecklist] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const pair = useMutation({
    mutationFn: () => {
      const counts = Object.fromEntries(
        Object.entries(checklist)
          .filter(([, v]) => v.trim() !== '')
          .map(([k, v]) => [k, Number(v)]),
      );
      return api<Pairing>('POST', '/api/shadowing', { ...form, ...(Object.keys(counts).length ? { checklist: counts } : {}) });
    },
    onMutate: () => setProblem(null),
    onSuccess: (p) => {
      void client.invalidateQueries({ queryKey: ['shadowing'] });
      void navigate(p.id);
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  function submit(event: FormEvent) {
    event.preventDefault();
    pair.mutate();
  }
  return (
    <form className="inline-form settings-form" onSubmit={submit} noValidate aria-labelledby="pair-h">
      <h3 id="pair-h">Pair a new CSM</h3>
      <div className="field-grid">
        <label htmlFor="sh-new">New CSM</label>
        <span>
          <select id="sh-new" value={form.newCsmId} onChange={set('newCsmId')} {...invalidProps(problem, 'newCsmId', 'sh-new')}>
            <option value="">choose…</option>
            {csms.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="newCsmId" id="sh-new" />
        </span>
        <label htmlFor="sh-senior">Shadows (senior CSM)</label>
        <span>
          <select id="sh-senior" value={form.seniorCsmId} onChange={set('seniorCsmId')} {...invalidProps(problem, 'seniorCsmId', 'sh-senior')}>
            <option value="">choose…</option>
            {csms.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
          <FieldError problem={problem} field="seniorCsmId" id="sh-senior" />
        </span>
        <label htmlFor="sh-start">From</label>
        <span>
          <input id="sh-start" type="date" value={form.startsOn} onChange={set('startsOn')} {...invalidProps(problem, 'startsOn', 'sh-start')} />
          <FieldError problem={problem} field="startsOn" id="sh-start" />
        </span>
        <label htmlFor="sh-end">Until</label>
        <span>
          <input id="sh-end" type="date" value={form.endsOn} onChange={set('endsOn')} {...invalidProps(problem, 'endsOn', 'sh-end')} />
          <FieldError problem={problem} field="endsOn" id="sh-end" />
        </span>
      </div>
      <fieldset className="checklist-counts">
        <legend>How many of each to shadow (blank: the usual number, 0: leave it out)</legend>
        {ACTIVITIES.map((a) => (
          <label key={a.value}>
            {a.label}{' '}
            <input
              type="number"
              min={0}
              max={20}
              inputMode="numeric"
              value={checklist[a.value] ?? ''}
              onChange={(e) => setChecklist({ ...checklist, [a.value]: e.target.value })}
              {...invalidProps(problem, `checklist.${a.value}`, `sh-count-${a.value}`)}
            />
            <FieldError problem={problem} field={`checklist.${a.value}`} id={`sh-count-${a.value}`} />
          </label>
        ))}
      </fieldset>
      <FormError problem={problem} fields={['newCsmId', 'seniorCsmId', 'startsOn', 'endsOn', 'checklist']} />
      <div className="form-actions">
        <Button type="submit" variant="primary" icon={UserPlus} disabled={pair.isPending}>
          Start shadowing
        </Button>
      </div>
    </form>
  );
}
