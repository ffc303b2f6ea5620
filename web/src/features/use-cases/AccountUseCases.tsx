import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { Empty, ErrorState, Loading } from '../../app/states';
import { api, ApiError, type Page } from '../../lib/api-client';

import type { z } from 'zod';
import type { AccountUseCaseSchema } from '../../../../src/server/routes/use-cases.schema.ts';

type AccountUseCase = z.output<typeof AccountUseCaseSchema>;
type Score = 'red' | 'yellow' | 'green';

/** The account's use cases, red / yellow / green by hand (with a note) or from product findings. */
export function AccountUseCases({ accountId, canEdit }: { accountId: string; canEdit: boolean }) {
  const key = ['use-cases', accountId];
  const list = useQuery({ queryKey: key, queryFn: () => api<Page<AccountUseCase>>('GET', `/api/accounts/${encodeURIComponent(accountId)}/use-cases`) });
  return (
    <section aria-labelledby="use-cases-h" className="use-cases">
      <h2 id="use-cases-h">Use cases</h2>
      {list.isPending ? (
        <Loading what="use cases" />
      ) : list.isError ? (
        <ErrorState error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Empty>No use cases are set up yet: a manager adds them in the settings (PUT /api/settings/use-cases).</Empty>
      ) : (
        <ul className="use-case-list">
          {list.data.items.map((u) => (
            <UseCaseRow key={u.templateId} accountId={accountId} useCase={u} canEdit={canEdit} />
          ))}
        </ul>
      )}
    </section>
  );
}

function UseCaseRow({ accountId, useCase, canEdit }: { accountId: string; useCase: AccountUseCase; canEdit: boolean }) {
  const client = useQueryClient();
  const ids = { score: useId(), note: useId() };
  const [score, setScore] = useState<Score | ''>(useCase.hand.score ?? '');
  const [note, setNote] = useState(useCase.hand.note ?? '');
  const save = useMutation({
    mutationFn: () => api('PUT', `/api/accounts/${encodeURIComponent(accountId)}/use-cases/${encodeURIComponent(useCase.templateId)}`, { score: score === '' ? null : score, note: note.trim() || null }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['use-cases', accountId] });
      void client.invalidateQueries({ queryKey: ['health', accountId] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <li>
      <p>
        <strong>{useCase.name}</strong> <span className="muted">({useCase.product})</span> {useCase.score ? <span className={`badge health-${useCase.score}`}>{useCase.score}</span> : <span className="badge">not scored</span>}
      </p>
      <p className="muted">
        {useCase.customerWording} · we offer {useCase.enablementOffer}
      </p>
      {useCase.because && <p className="hint">{useCase.because}</p>}
      {canEdit && (
        <form onSubmit={submit} className="use-case-form">
          <label htmlFor={ids.score}>Score for {useCase.name}</label>
          <select id={ids.score} value={score} onChange={(e) => setScore(e.currentTarget.value as Score | '')}>
            <option value="">not scored by hand</option>
            <option value="green">green</option>
            <option value="yellow">yellow</option>
            <option value="red">red</option>
          </select>
          <label htmlFor={ids.note}>Note on {useCase.name}</label>
          <input id={ids.note} value={note} maxLength={2000} onChange={(e) => setNote(e.currentTarget.value)} />
          <button type="submit" disabled={save.isPending} aria-label={`Save the score of ${useCase.name}`}>
            Save
          </button>
          {save.isError && (
            <p className="error" role="alert">
              {save.error instanceof ApiError ? save.error.message : 'Could not save the score'}
            </p>
          )}
        </form>
      )}
    </li>
  );
}
