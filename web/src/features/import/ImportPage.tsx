import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type DragEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { Forbidden } from '../../app/states';
import { useUsers } from '../accounts/use-users';
import { ImportPreviewRows, summaryWords } from './ImportPreviewRows';
import { ImportResult } from './ImportResult';
import { MappingTable } from './MappingTable';
import { IMPORT_LIMIT, bodyFor, delimiterWords, encodingWords, mappingFileHref, previewImport, runImport, type ChosenFile, type Encoding, type ImportKind, type ImportMapping, type ImportPreview, type PresetName } from './import-api';
import './import.css';

const KINDS: { kind: ImportKind; title: string; hint: string }[] = [
  { kind: 'accounts', title: 'Accounts', hint: 'a CRM export of companies or accounts' },
  { kind: 'contacts', title: 'Contacts', hint: 'matched to accounts by external id, account name or email domain' },
];

let nextFileId = 1;

/**
 * Import the book of business from the file the user has: upload, the proposed mapping (editable),
 * the dry run of the first rows with every problem in words, then the import, all or nothing.
 */
export default function ImportPage() {
  const { user } = useSession();
  if (user.role === 'viewer') return <Forbidden what="Viewers read the book of business; importing needs a CSM, a manager or an admin." />;
  return <ImportScreen />;
}

function ImportScreen() {
  const [params, setParams] = useSearchParams();
  // Local state so the radio follows the click at once; the address keeps it for a reload.
  const [kind, setKind] = useState<ImportKind>(params.get('kind') === 'contacts' ? 'contacts' : 'accounts');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [preset, setPreset] = useState<PresetName | null>(null);
  // The user's mapping, once they change the proposal, with the encoding the server detected on the bytes.
  const [edited, setEdited] = useState<{ mapping: ImportMapping; encoding: Encoding } | null>(null);
  const [mappingError, setMappingError] = useState<string | null>(null);
  const [sent, setSent] = useState(0);
  const [dragging, setDragging] = useState(false);
  const users = useUsers();
  const client = useQueryClient();

  const preview = useQuery({
    queryKey: ['import-preview', kind, file?.id, preset, edited ? JSON.stringify(edited.mapping) : null],
    enabled: file !== null,
    queryFn: () => previewImport(kind, bodyFor(file!, edited?.mapping ?? null, edited?.encoding ?? null), edited ? null : preset),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
  const shown = preview.data && preview.data.kind === kind ? preview.data : undefined;
  // Cadence's own proposal for this file and preset (the answer before any change), for the reasons.
  const proposal = file ? client.getQueryData<ImportPreview>(['import-preview', kind, file.id, preset, null]) : undefined;

  const importing = useMutation({
    mutationFn: ({ shown }: { shown: ImportPreview }) => {
      setSent(0);
      return runImport(shown.kind, bodyFor(file!, edited?.mapping ?? null, edited?.encoding ?? null), edited ? null : preset, setSent);
    },
    onSuccess: (report) => {
      if (!report.errors.length) void client.invalidateQueries({ queryKey: ['accounts'] });
    },
  });

  function start(next: { file?: ChosenFile | null; kind?: ImportKind }) {
    importing.reset();
    setEdited(null);
    setPreset(null);
    setMappingError(null);
    if (next.file !== undefined) setFile(next.file);
    if (next.kind) {
      setKind(next.kind);
      setParams(next.kind === 'contacts' ? { kind: 'contacts' } : {}, { replace: true });
    }
  }

  async function choose(chosen: File | undefined) {
    setFileError(null);
    if (!chosen) return;
    if (chosen.size > IMPORT_LIMIT) return setFileError(`${chosen.name} is larger than ${IMPORT_LIMIT / 1024 / 1024} MB; split it into several imports`);
    if (chosen.size === 0) return setFileError(`${chosen.name} is empty`);
    try {
      start({ file: { id: nextFileId++, name: chosen.name, size: chosen.size, bytes: await chosen.arrayBuffer() } });
    } catch {
      setFileError(`${chosen.name} could not be read`);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    void choose(e.dataTransfer.files[0]);
  }

  async function loadMapping(chosen: File | undefined) {
    setMappingError(null);
    if (!chosen || !shown) return;
    try {
      const mapping = JSON.parse(await chosen.text()) as ImportMapping;
      if (typeof mapping !== 'object' || mapping === null || typeof mapping.columns !== 'object') return setMappingError(`${chosen.name} is not a saved mapping (it has no columns)`);
      if (mapping.kind !== kind) return setMappingError(`${chosen.name} is a mapping for ${String(mapping.kind)}, and this import is of ${kind}`);
      importing.reset();
      setEdited({ mapping, encoding: edited?.encoding ?? shown.encoding });
    } catch {
      setMappingError(`${chosen.name} is not JSON; save a mapping from this screen or with --save-mapping`);
    }
  }

  const mapping: ImportMapping | null = edited?.mapping ?? shown?.mapping ?? null;
  const change = (next: ImportMapping) => {
    importing.reset();
    setEdited({ mapping: next, encoding: edited?.encoding ?? shown?.encoding ?? null });
  };

  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    const url = mapping ? mappingFileHref(mapping) : null;
    setHref(url);
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [mapping]);

  const checking = preview.isFetching;
  const canImport = shown && !checking && !preview.isError && shown.problems.length === 0 && shown.rows > 0 && !importing.isPending && !(importing.data && importing.data.errors.length === 0);

  return (
    <section className="import-page">
      <p className="crumbs">
        <Link to="/accounts">Book of business</Link> › Import
      </p>
      <h1>Import {kind}</h1>
      <p className="hint">
        The other way: <a href="/api/exports/accounts">export every account</a> or <a href="/api/exports/contacts">every contact</a> as CSV, in the columns this import reads (a full export re-imports unchanged).
      </p>

      <section className="import-step" aria-labelledby="import-file-title">
        <h2 id="import-file-title">1. The file</h2>
        <fieldset className="import-kind">
          <legend>What the file holds</legend>
          {KINDS.map((k) => (
            <label key={k.kind}>
              <input type="radio" name="import-kind" value={k.kind} checked={kind === k.kind} onChange={() => start({ kind: k.kind })} /> {k.title} <small className="muted">({k.hint})</small>
            </label>
          ))}
        </fieldset>
        <div
          className={`import-drop${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          data-testid="import-drop"
        >
          <label>
            CSV file <input type="file" accept=".csv,.tsv,.txt,text/csv,text/plain" onChange={(e) => void choose(e.target.files?.[0])} />
          </label>
          <p className="hint">Drop the file here, or choose it: an export from HubSpot, Salesforce, Gainsight, Vitally or Excel (commas, semicolons or tabs; any usual encoding), up to 20 MB.</p>
          {file && (
            <p>
              <strong>{file.name}</strong> <small className="muted">({(file.size / 1024).toFixed(1)} KB)</small>
            </p>
          )}
        </div>
        <div role="alert">{fileError && <p className="error">{fileError}</p>}</div>
      </section>

      {file && (
        <p role="status" className="import-status">
          {checking ? 'Checking the file…' : shown ? `Checked ${file.name}. ${summaryWords(shown)} ${shown.problems.length ? `${shown.problems.length} problem${shown.problems.length === 1 ? '' : 's'} to fix.` : 'No problems.'}` : ''}
        </p>
      )}
      {preview.isError && (
        <div role="alert" className="import-problems">
          <p>{preview.error instanceof Error ? preview.error.message : 'The file could not be checked'}</p>
          {edited && (
            <button type="button" className="link" onClick={() => setEdited(null)}>
              Go back to the proposed mapping
            </button>
          )}
        </div>
      )}

      {file && shown && mapping && (
        <section className="import-step" aria-labelledby="import-mapping-title" aria-busy={checking}>
          <h2 id="import-mapping-title">2. Mapping</h2>
          <p className="hint">
            Read as {encodingWords(shown.encoding)}, separated by {delimiterWords(shown.delimiter)}
            {shown.headerLine && shown.headerLine > 1 ? `, the header on line ${shown.headerLine}` : ''}.
          </p>
          <div className="import-tools">
            <label>
              Preset{' '}
              <select
                value={edited ? 'edited' : (preset ?? '')}
                onChange={(e) => {
                  if (e.target.value === 'edited') return;
                  importing.reset();
                  setEdited(null);
                  setPreset((e.target.value || null) as PresetName | null);
                }}
              >
                {edited && <option value="edited">Your mapping</option>}
                <option value="">{`Let Cadence propose${!preset && shown.preset && !edited ? ` (found: ${shown.presets.find((p) => p.name === shown.preset)?.label ?? shown.preset})` : ''}`}</option>
                {shown.presets.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Use a saved mapping <input type="file" accept=".json,application/json" onChange={(e) => void loadMapping(e.target.files?.[0])} />
            </label>
            {href && (
              <a className="btn btn-sm" href={href} download={`${kind}-mapping.json`}>
                Save this mapping
              </a>
            )}
          </div>
          <div role="alert">{mappingError && <p className="error">{mappingError}</p>}</div>
          <MappingTable preview={shown} proposed={proposal?.columns} mapping={mapping} users={users.data?.items ?? []} onChange={change} />
        </section>
      )}

      {file && shown && (
        <section className="import-step" aria-labelledby="import-preview-title" aria-busy={checking}>
          <h2 id="import-preview-title">3. Preview</h2>
          <ImportPreviewRows preview={shown} />
        </section>
      )}

      {file && shown && (
        <section className="import-step" aria-labelledby="import-run-title">
          <h2 id="import-run-title">4. Import</h2>
          <p className="hint">All or nothing: every row is written in one go, or none is. {edited ? 'The mapping you edited is used.' : ''}</p>
          <button type="button" className="primary" disabled={!canImport} onClick={() => importing.mutate({ shown })} aria-describedby="import-run-why">
            Import {shown.rows} {kind === 'accounts' ? 'account' : 'contact'}
            {shown.rows === 1 ? '' : 's'}
          </button>{' '}
          <span id="import-run-why" className="muted">
            {shown.problems.length ? 'Fix the problems above first.' : shown.rows === 0 ? 'The file has no rows.' : checking ? 'Checking the file…' : ''}
          </span>
          <div role="status" aria-live="polite" className="import-progress">
            {importing.isPending &&
              (sent < 1 ? (
                <>
                  <progress aria-label="Sending the file" max={1} value={sent} /> Sending the file… {Math.round(sent * 100)}%
                </>
              ) : (
                <>
                  <progress aria-label="Importing" /> Importing {shown.rows} rows in one transaction…
                </>
              ))}
          </div>
          <div>
            {importing.isError && (
              <div role="alert" className="import-problems">
                <p>Nothing was imported: {importing.error instanceof Error ? importing.error.message : 'the import failed'}</p>
              </div>
            )}
            {importing.data && importing.variables && <ImportResult report={importing.data} preview={importing.variables.shown} onAgain={() => start({ file: null })} />}
          </div>
        </section>
      )}
    </section>
  );
}
