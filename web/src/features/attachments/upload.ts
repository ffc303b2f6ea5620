import { ApiError, writeHeaders } from '../../lib/api-client';

/**
 * Sends one file as the request body with its name in X-File-Name, reporting progress (fetch cannot
 * report upload progress, XMLHttpRequest can). Resolves with the JSON answer; rejects with an ApiError
 * carrying the server's words.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void, extraHeaders: Record<string, string> = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    for (const [k, v] of Object.entries({ ...writeHeaders(), ...extraHeaders })) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'internal', 'the upload did not reach the server; check the connection and try again'));
    xhr.onload = () => {
      type Answer = { error?: { code: string; message: string; field?: string } } | null;
      const data = ((): Answer => {
        try {
          return JSON.parse(xhr.responseText) as Answer;
        } catch {
          return null;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) resolve(data as T);
      else reject(new ApiError(xhr.status, data?.error?.code ?? 'internal', data?.error?.message ?? `upload failed (${xhr.status})`, data?.error?.field));
    };
    xhr.send(file);
  });
}

/** "1.2 MB", "640 KB". */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
