import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { RotateCcw, Save } from 'lucide-react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api } from '../../lib/api-client';
import type { ScorecardsView } from '../../../../src/server/routes/health.schema.ts';
import { FieldError, FormError, invalidProps, isAbout, problemOf, type FieldProblem } from './form-errors';
import './admin-settings.css';

type Card = ScorecardsView['scorecards'][number];

const sum = (xs: { weight: number }[]) => xs.reduce((s, x) => s + (Number.isFinite(x.weight) ? x.weight : 0), 0);
const words = (key: string) => key.replace(/_/g, ' ');

/**
 * The health scorecards: the weight of each group and of each measure within it, the thresholds
 * for green and red. Managers and admins edit them; a sum that is not 100 is shown as it is typed
 * and refused by the API naming the field. Accounts are rescored by the next health run (or Score
 * now on the account).
 */
export function ScorecardSettings({ canEdit }: { canEdit: boolean }) {
  const cards = useQuery({ queryKey: ['settings', 'scorecards'], queryFn: () => api<ScorecardsView>('GET', '/api/settings/scorecards') });
  if (cards.isPending) return <Loading what="scorecards" />;
  if (cards.isError) return <ErrorState error={cards.error} />;
  if (cards.data.scorecards.length === 0) return <Empty>No scorecards.</Empty>;
  return <ScorecardsForm view={cards.data} canEdit={canEdit} />;
}

function ScorecardsForm({ view, canEdit }: { view: ScorecardsView; canEdit: boolean }) {
  const client = useQueryClient();
  const [draft, setDraft] = useState<Card[]>(() => structuredClone(view.scorecards) as Card[]);
  const [problem, setProblem] = useState<FieldProblem | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (cards: unknown[]) => api<{ scorecards: Card[] }>('PUT', '/api/settings/scorecards', cards),
    onMutate: () => {
      setProblem(null);
      setSaved(null);
    },
    onSuccess: () => {
      setSaved('Scorecards saved. Accounts are rescored by the next health run, or at once with Score now on an account.');
      void client.invalidateQueries({ queryKey: ['settings', 'scorecards'] });
    },
    onError: (e) => setProblem(problemOf(e)),
  });
  const update = (ci: number, change: (c: Card) => void) =>
    setDraft((cards) =>
      cards.map((c, i) => {
        if (i !== ci) return c;
        const copy = structuredClone(c) as Card;
        change(copy);
        return copy;
      }),
    );
  const num = (v: string) => (v.trim() === '' ? Number.NaN : Number(v));
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate(draft);
  }
  const fields: string[] = [];
  return (
    <form onSubmit={submit} noValidate aria-label="Health scorecards">
      {view.isDefault && <p className="hint">The built-in scorecard is in force; saving makes it yours to change.</p>}
      {draft.map((c, ci) => {
        const groupSum = sum(c.groups);
        return (
          <section key={c.id} className="settings-form weights" aria-labelledby={`sc-${c.id}`}>
            <h2 id={`sc-${c.id}`}>{c.name}</h2>
            <p className="hint">{c.stages.length ? `For accounts in ${c.stages.map(words).join(', ')}` : 'For every stage no other scorecard claims'}</p>
            <div className="field-grid">
              {(['greenFrom', 'redBelow'] as const).map((t) => {
                const id = `sc-${ci}-${t}`;
                const field = `${ci}.thresholds.${t}`;
                fields.push(field);
                return (
                  <FieldPair key={t} id={id} label={t === 'greenFrom' ? 'Green from (score)' : 'Red below (score)'}>
                    <input
                      id={id}
                      type="number"
                      min={0}
                      max={100}
                      value={Number.isFinite(c.thresholds[t]) ? c.thresholds[t] : ''}
                      disabled={!canEdit}
                      onChange={(e) => update(ci, (d) => (d.thresholds[t] = num(e.target.value)))}
                      {...invalidProps(problem, field, id)}
                    />
                    <FieldError problem={problem} field={field} id={id} />
                  </FieldPair>
                );
              })}
            </div>
            <table className="data">
              <caption className="visually-hidden">Groups and measures of {c.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Group</th>
                  <th scope="col" className="num">
                    Weight (%)
                  </th>
                  <th scope="col">Measures (weight within the group, %)</th>
                </tr>
              </thead>
              <tbody>
                {c.groups.map((g, gi) => {
                  const id = `sc-${ci}-g-${gi}`;
                  const field = `${ci}.groups.${gi}.weight`;
                  const measureSum = sum(g.measures);
                  fields.push(field, `${ci}.groups.${gi}.measures`);
                  return (
                    <tr key={g.key}>
                      <th scope="row">
                        <label htmlFor={id}>{g.label}</label>
                      </th>
                      <td className="num">
                        <input
                          id={id}
                          type="number"
                          min={0}
                          max={100}
                          value={Number.isFinite(g.weight) ? g.weight : ''}
                          disabled={!canEdit}
                          onChange={(e) => update(ci, (d) => (d.groups[gi]!.weight = num(e.target.value)))}
                          {...invalidProps(problem, field, id)}
                        />
                        <FieldError problem={problem} field={field} id={id} />
                      </td>
                      <td>
                        {g.measures.length === 1 ? (
                          <span>
                            {words(g.measures[0]!.key)} 100%{g.measures[0]!.critical ? ' (critical)' : ''}
                          </span>
                        ) : (
                          <span className="measures-edit">
                            {g.measures.map((m, mi) => (
                              <label key={m.key}>
                                {words(m.key)}
                                {m.critical ? ' (critical)' : ''}{' '}
                                <input type="number" min={0} max={100} value={Number.isFinite(m.weight) ? m.weight : ''} disabled={!canEdit} onChange={(e) => update(ci, (d) => (d.groups[gi]!.measures[mi]!.weight = num(e.target.value)))} />
                              </label>
                            ))}
                            <span className={measureSum === 100 ? 'muted' : 'sum-off'}> = {measureSum}%</span>
                          </span>
                        )}
                        {isAbout(problem, `${ci}.groups.${gi}.measures`) && (
                          <span className="field-error" role="alert">
                            {problem!.message}
                          </span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">All groups</th>
                  <td className={`num ${groupSum === 100 ? '' : 'sum-off'}`} aria-live="polite">
                    {groupSum}%{groupSum !== 100 && ' (must be 100)'}
                  </td>
                  <td />
                </tr>
              </tfoot>
            </table>
          </section>
        );
      })}
      <FormError problem={problem} fields={fields} />
      {canEdit ? (
        <div className="form-actions">
          <Button type="submit" variant="primary" icon={Save} disabled={save.isPending}>
            Save scorecards
          </Button>
          <Button
            variant="ghost"
            icon={RotateCcw}
            onClick={() => {
              setDraft(structuredClone(view.scorecards) as Card[]);
              setProblem(null);
            }}
          >
            Undo changes
          </Button>
          {saved && (
            <span className="notice" role="status">
              {saved}
            </span>
          )}
        </div>
      ) : (
        <p className="hint">Managers and admins change the scorecards.</p>
      )}
    </form>
  );
}

function FieldPair({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <span>{children}</span>
    </>
  );
}
