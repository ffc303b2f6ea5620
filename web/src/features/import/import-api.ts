/** The import screen's calls: the file goes up as its own bytes (the server detects the encoding), or as text with an edited mapping. */
import type { z } from 'zod';
import type { ImportMappingInput } from '../../../../src/domain/import/mapping.ts';
import type { ImportPreviewSchema, ImportReportSchema } from '../../../../src/server/routes/imports.schema.ts';
import { ApiError, writeHeaders } from '../../lib/api-client';

export type ImportKind = 'accounts' | 'contacts';
export type ImportPreview = z.output<typeof ImportPreviewSchema>;
export type ImportReport = z.output<typeof ImportReportSchema>;
export type ImportMapping = ImportMappingInput;
export type PresetName = NonNullable<ImportPreview['preset']>;
export type Encoding = ImportPreview['encoding'];

/** The API's limit (imports.routes.ts): a bigger file is refused before it is sent. */
export const IMPORT_LIMIT = 20 * 1024 * 1024;

/** A file the user chose, as the browser read it: its bytes untouched. */
export interface ChosenFile {
  id: number;
  name: string;
  size: number;
  bytes: ArrayBuffer;
}

/** How a request carries the file: its bytes (the proposal, or a preset's mapping), or its text with a mapping. */
export type ImportBody = { bytes: ArrayBuffer } | { json: { csv: string; mapping: ImportMapping } };

/**
 * The file's text, decoded as the server said it reads it (its encoding detection decides once,
 * on the bytes; an edited mapping then travels with this text as JSON). A BOM is dropped.
 */
export function decodeAs(bytes: ArrayBuffer, encoding: Encoding): string {
  const label = !encoding || encoding === 'utf-8-bom' ? 'utf-8' : encoding;
  return new TextDecoder(label).decode(bytes);
}

/** The body for a file and, when the user changed it, the mapping to read it by. */
export function bodyFor(file: ChosenFile, mapping: ImportMapping | null, encoding: Encoding): ImportBody {
  return mapping ? { json: { csv: decodeAs(file.bytes, encoding), mapping } } : { bytes: file.bytes };
}

/** POSTs with upload progress (fetch has none): answers the status and the parsed JSON. */
function post(path: string, body: ImportBody, onProgress?: (fraction: number) => void): Promise<{ status: number; data: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('accept', 'application/json');
    for (const [name, value] of Object.entries(writeHeaders())) xhr.setRequestHeader(name, value);
    if (onProgress) xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let data: unknown = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        // not JSON (a proxy's error page): the status says enough
      }
      resolve({ status: xhr.status, data });
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Cadence could not be reached; check the connection and try again'));
    if ('bytes' in body) {
      xhr.setRequestHeader('content-type', 'text/csv');
      xhr.send(body.bytes);
    } else {
      xhr.setRequestHeader('content-type', 'application/json');
      xhr.send(JSON.stringify(body.json));
    }
  });
}

function errorOf(status: number, data: unknown): ApiError {
  const error = (data as { error?: { code: string; message: string; field?: string } } | null)?.error;
  if (status === 413) return new ApiError(413, 'too_large', error?.message ?? 'the file is too large; split it into several imports', 'csv');
  return new ApiError(status, error?.code ?? 'internal', error?.message ?? `Cadence answered ${status}`, error?.field);
}

const query = (preset: PresetName | null, extra: Record<string, string> = {}) => {
  const p = new URLSearchParams(extra);
  if (preset) p.set('preset', preset);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** What importing would do, writing nothing: the mapping proposed, the first rows and every problem. */
export async function previewImport(kind: ImportKind, body: ImportBody, preset: PresetName | null, onProgress?: (fraction: number) => void): Promise<ImportPreview> {
  const { status, data } = await post(`/api/imports/${kind}/preview${query(preset)}`, body, onProgress);
  if (status !== 200) throw errorOf(status, data);
  return data as ImportPreview;
}

/** Imports the file, all or nothing: a refused file answers its report (every bad line), nothing written. */
export async function runImport(kind: ImportKind, body: ImportBody, preset: PresetName | null, onProgress?: (fraction: number) => void): Promise<ImportReport> {
  const { status, data } = await post(`/api/imports/${kind}${query(preset)}`, body, onProgress);
  const report = data as ImportReport | null;
  if ((status === 200 || status === 400) && report && Array.isArray(report.errors)) return report;
  throw errorOf(status, data);
}

const ENCODING_WORDS: Record<NonNullable<Encoding>, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with a byte order mark',
  'utf-16le': 'UTF-16 (Excel’s “Unicode Text”)',
  'utf-16be': 'UTF-16 big-endian',
  'windows-1252': 'Windows-1252 (Excel’s “CSV (Comma delimited)”)',
};
const DELIMITER_WORDS: Record<string, string> = { ',': 'commas', ';': 'semicolons', '\t': 'tabs' };

export const encodingWords = (e: Encoding) => (e ? ENCODING_WORDS[e] : 'unreadable');
export const delimiterWords = (d: ImportPreview['delimiter']) => (d ? (DELIMITER_WORDS[d] ?? d) : 'none found');

/** The mapping as a file, the same JSON `cadence import accounts FILE --mapping mapping.json` reads. */
export function mappingFileHref(mapping: ImportMapping): string {
  return URL.createObjectURL(new Blob([`${JSON.stringify(mapping, null, 2)}\n`], { type: 'application/json' }));
}
