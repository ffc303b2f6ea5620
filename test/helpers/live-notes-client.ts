import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import WebSocket from 'ws';

/**
 * A live notes client for tests and benchmarks: what the browser's y-websocket provider does (the
 * same wire messages), with the close code and reason kept so a test can read why it was closed.
 */
export class LiveNotesClient {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly socket: WebSocket;
  /** Settles with the close code and reason (or the HTTP status when the upgrade was refused). */
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Settles once the server's document has been received. */
  readonly synced: Promise<void>;
  private markSynced: () => void = () => undefined;

  constructor(url: string, meetingId: string, options: { token?: string; cookie?: string; origin?: string } = {}) {
    const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
    const headers: Record<string, string> = {};
    if (options.cookie) headers.cookie = options.cookie;
    if (options.origin) headers.origin = options.origin;
    this.socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/live/notes/${encodeURIComponent(meetingId)}${query}`, { headers });
    this.socket.binaryType = 'nodebuffer';
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    this.closed = new Promise((resolve) => {
      this.socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
      this.socket.on('unexpected-response', (_req, res) => {
        resolve({ code: res.statusCode ?? 0, reason: `HTTP ${res.statusCode}` });
        this.socket.terminate();
      });
    });
    this.socket.on('error', () => undefined);
    this.socket.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(this.doc));
      this.send(encoding.toUint8Array(e));
    });
    this.socket.on('message', (data: Buffer) => this.receive(new Uint8Array(data)));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.send(message(0, 2, update));
    });
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin === this) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 1);
      encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...added, ...updated, ...removed]));
      this.send(encoding.toUint8Array(e));
    });
  }

  private receive(data: Uint8Array): void {
    const d = decoding.createDecoder(data);
    const type = decoding.readVarUint(d);
    if (type === 0) {
      const step = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (step === 0) this.send(message(0, 1, Y.encodeStateAsUpdate(this.doc, payload)));
      else {
        Y.applyUpdate(this.doc, payload, this);
        if (step === 1) this.markSynced();
      }
    } else if (type === 1) awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(d), this);
  }

  send(bytes: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(bytes);
  }

  text(key = 'notes'): string {
    return this.doc.getText(key).toString();
  }

  /** Types at the end of a text, as a person would. */
  type(text: string, key = 'notes'): void {
    const t = this.doc.getText(key);
    t.insert(t.length, text);
  }

  /** The users other connections show up as, by awareness client id. */
  users(): { clientId: number; user: { id: string; name: string; color: string } | undefined }[] {
    return [...this.awareness.getStates().entries()].filter(([id]) => id !== this.doc.clientID).map(([clientId, state]) => ({ clientId, user: (state as { user?: { id: string; name: string; color: string } }).user }));
  }

  async close(): Promise<void> {
    this.awareness.destroy();
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close();
    await this.closed;
  }
}

function message(type: number, step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint(e, step);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

/** Polls until the check passes (the machine is shared: generous, never a fixed sleep). */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
