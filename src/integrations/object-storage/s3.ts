import aws4 from 'aws4';
import { IntegrationError } from '../errors.ts';
import { checkKey, type ObjectStorage } from './object-storage.ts';

export interface S3Settings {
  /** The endpoint, e.g. https://s3.eu-west-1.amazonaws.com or http://127.0.0.1:9000 (MinIO). */
  url: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * An S3-compatible bucket, path-style (`<url>/<bucket>/<key>`, which MinIO, Ceph and AWS all take),
 * each request signed with Signature Version 4 (the aws4 library). Only three calls are used:
 * PutObject, GetObject and DeleteObject
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html, …/API_GetObject.html,
 * …/API_DeleteObject.html).
 */
export function s3Storage(settings: S3Settings, timeoutMs = 60_000): ObjectStorage {
  const endpoint = new URL(settings.url);
  const credentials = { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey };

  async function call(method: 'PUT' | 'GET' | 'DELETE', key: string, body?: Uint8Array, contentType?: string): Promise<Response> {
    const objectPath = `${endpoint.pathname.replace(/\/$/, '')}/${encodeURIComponent(settings.bucket)}/${encodeURIComponent(checkKey(key))}`;
    const headers: Record<string, string> = contentType ? { 'content-type': contentType } : {};
    const signed = aws4.sign({ host: endpoint.host, path: objectPath, method, service: 's3', region: settings.region, headers, body: body ? Buffer.from(body) : undefined }, credentials);
    const target = `${method} /${settings.bucket}/${key}`;
    let response: Response;
    try {
      response = await fetch(`${endpoint.protocol}//${endpoint.host}${objectPath}`, {
        method,
        headers: signed.headers as Record<string, string>,
        body: body ? Buffer.from(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new IntegrationError('temporary', `the file store did not answer (${target})`, { vendor: 's3', target, network: 'other', cause });
    }
    if (response.ok || (method === 'GET' && response.status === 404) || (method === 'DELETE' && response.status === 404)) return response;
    const text = await response.text().catch(() => '');
    const code = /<Code>([^<]{1,80})<\/Code>/.exec(text)?.[1];
    const kind = response.status === 403 || response.status === 401 ? 'auth' : response.status === 503 || response.status >= 500 ? 'temporary' : response.status === 404 ? 'not_found' : 'invalid_response';
    throw new IntegrationError(kind, `the file store refused ${target}: ${response.status}${code ? ` ${code}` : ''}`, { vendor: 's3', status: response.status, target, vendorMessage: code });
  }

  return {
    kind: 's3',
    async put(key, bytes, contentType) {
      await call('PUT', key, bytes, contentType);
    },
    async get(key) {
      const response = await call('GET', key);
      if (response.status === 404) return undefined;
      return Buffer.from(await response.arrayBuffer());
    },
    async delete(key) {
      await call('DELETE', key);
    },
    async listKeys() {
      return [];
    },
  };
}
