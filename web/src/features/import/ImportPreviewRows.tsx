import { label } from '../../lib/format';
import type { ImportPreview } from './import-api';

const ACTION_WORDS: Record<ImportPreview['sample'][number]['action'], string> = { create: 'New', update: 'Updated', unchanged: 'Unchanged', refused: 'Refused' };
const SAMPLE_COLUMNS: Record<ImportPreview['kind'], { key: string; title: string }[]> = {
  accounts: [
    { key: 'name', title: 'Name' },
    { key: 'external_id', title: 'External id' },
    { key: 'segment', title: 'Segment' },
    { key: 'stage', title: 'Stage' },
    { key: 'arr', title: 'ARR' },
    { key: 'renewal_date', title: 'Renewal' },
    { key: 'owner_email', title: 'Owner' },
    { key: 'tags', title: 'Tags' },
  ],
  contacts: [
    { key: 'name', title: 'Name' },
    { key: 'external_id', title: 'External id' },
    { key: 'email', title: 'Email' },
    { key: 'title', title: 'Title' },
    { key: 'role', title: 'Role' },
    { key: 'status', title: 'Status' },
  ],
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the import would do, in one sentence. */
export function summaryWords(preview: ImportPreview): string {
  const s = preview.summary;
  const what = preview.kind === 'accounts' ? 'account' : 'contact';
  const parts = [`${plural(s.create, `new ${what}`)}`, `${s.update} updated`, `${s.unchanged} unchanged`];
  return `${plural(preview.rows, 'row')}: ${parts.join(', ')}${s.refused ? `; ${plural(s.refused, 'row')} refused` : ''}.`;
}

/** The dry run: every problem of the whole file in words (announced), then the first rows as Cadence would store them. */
export function ImportPreviewRows({ preview }: { preview: ImportPreview }) {
  const columns = SAMPLE_COLUMNS[preview.kind];
  return (
    <>
      <p className="import-summary">{summaryWords(preview)}</p>
      <div role="alert" className={preview.problems.length ? 'import-problems' : undefined}>
        {preview.problems.length > 0 && (
          <>
            <h3>
              {plural(preview.problems.length, 'problem')}: nothing is imported until {preview.problems.length === 1 ? 'it is' : 'they are'} fixed
            </h3>
            <ul>
              {preview.problems.map((p, i) => (
                <li key={`${p.line}-${i}`}>{p.text}</li>
              ))}
            </ul>
          </>
        )}
      </div>
      {preview.skipped.length > 0 && (
        <details className="import-skipped">
          <summary>{plural(preview.skipped.length, 'line')} skipped (not rows)</summary>
          <ul>
            {preview.skipped.map((s) => (
              <li key={s.line}>
                line {s.line}: {s.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {preview.sample.length > 0 && (
        <div className="import-sample-wrap">
          <table className="import-sample">
            <caption>
              The first {plural(preview.sample.length, 'row')} as Cadence would store {preview.sample.length === 1 ? 'it' : 'them'}
            </caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Result</th>
                {columns.map((c) => (
                  <th key={c.key} scope="col">
                    {c.title}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((row) => (
                <tr key={row.line} className={row.action === 'refused' ? 'refused' : undefined}>
                  <th scope="row">{row.line}</th>
                  <td>
                    <span className={`pill ${row.action === 'refused' ? 'pill-danger' : row.action === 'create' ? 'pill-success' : 'pill-neutral'}`}>{ACTION_WORDS[row.action]}</span>
                  </td>
                  {row.action === 'refused' ? (
                    <td colSpan={columns.length}>{row.problems.join('; ')}</td>
                  ) : (
                    columns.map((c) => <td key={c.key}>{c.key === 'segment' || c.key === 'stage' || c.key === 'role' ? label(row.values[c.key] ?? '') : (row.values[c.key] ?? '')}</td>)
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
