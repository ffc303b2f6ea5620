import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../errors.ts';
import { s3Storage } from './s3.ts';

/**
 * A stand-in for an S3-compatible bucket answering as the AWS S3 API reference documents:
 * PutObject 200 with an ETag (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html),
 * GetObject 200 with the bytes or 404 NoSuchKey in an XML Error body
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), DeleteObject 204
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html), and 403
 * SignatureDoesNotMatch for a request not signed with SigV4.
 */
describe('S3-compatible attachment storage', () => {
  const objects = new Map<string, Buffer>();
  const seen: { method: string; path: string; authorization: string; contentSha: string; bodySha: string }[] = [];
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const authorization = String(req.headers.authorization ?? '');
        seen.push({ method: req.method!, path: req.url!, authorization, contentSha: String(req.headers['x-amz-content-sha256'] ?? ''), bodySha: createHash('sha256').update(body).digest('hex') });
        const xmlError = (status: number, code: string) => {
          res.writeHead(status, { 'content-type': 'application/xml' });
          res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
        };
        if (!/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(authorization)) return xmlError(403, 'SignatureDoesNotMatch');
        const key = req.url!;
        if (req.method === 'PUT') {
          objects.set(key, body);
          res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
          return res.end();
        }
        if (req.method === 'GET') {
          const found = objects.get(key);
          if (!found) return xmlError(404, 'NoSuchKey');
          res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.length });
          return res.end(found);
        }
        if (req.method === 'DELETE') {
          objects.delete(key);
          res.writeHead(204);
          return res.end();
        }
        return xmlError(405, 'MethodNotAllowed');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));

  const settings = () => ({ url, bucket: 'cadence-files', region: 'eu-west-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' });
  const KEY = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

  it('stores, reads back and removes a file path-style, each request signed with SigV4 over its body', async () => {
    const storage = s3Storage(settings());
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
    await storage.put(KEY, bytes, 'image/png');
    const put = seen.at(-1)!;
    expect(put).toMatchObject({ method: 'PUT', path: `/cadence-files/${KEY}` });
    expect(put.contentSha).toBe(put.bodySha);
    expect((await storage.get(KEY))?.equals(bytes)).toBe(true);
    await storage.delete(KEY);
    expect(await storage.get(KEY)).toBeUndefined();
  });

  it('wrong credentials are an auth failure naming the call, never the secret', async () => {
    const storage = s3Storage({ ...settings(), accessKeyId: 'WRONG' });
    const err = await storage.put(KEY, Buffer.from('x'), 'text/plain').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect((err as IntegrationError).kind).toBe('auth');
    expect((err as IntegrationError).message).toBe(`the file store refused PUT /cadence-files/${KEY}: 403 SignatureDoesNotMatch`);
  });

  it('a key that is not ours never reaches the bucket', async () => {
    await expect(s3Storage(settings()).get('../other-bucket/x')).rejects.toThrow(/not a storage key/);
  });
});
