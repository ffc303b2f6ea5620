/**
 * A live-notes editor in Node as the browser holds one: y-websocket's own provider (unchanged, with
 * its reconnects) over the `ws` package, authorised by an API token. For the several-nodes, crash
 * and benchmark runs, which need many editors that reconnect by themselves and no browser. (The
 * wire-level client for protocol tests is live-notes-client.ts.)
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { until } from './two-nodes.ts';

export interface ProviderEditor {
  name: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The text of 'notes' (the free notes) or of 'item:<id>'. */
  text(key?: string): string;
  /** Types at the end of a text, one keystroke per character (each its own update, as a browser sends them). */
  type(chars: string, key?: string): void;
  /** Resolves once the provider has synced with the server. */
  synced(timeoutMs?: number): Promise<void>;
  /** Close codes the server sent, newest last. */
  closes: { code: number; reason: string }[];
  /** Stops for good: no reconnect. */
  destroy(): void;
}

/** `http://host:port` → the provider's server URL for the live-notes endpoint. */
export function liveNotesUrl(baseUrl: string): string {
  return `${baseUrl.replace(/^http/, 'ws')}/api/live/notes`;
}

export function connectEditor(baseUrl: string, meetingId: string, token: string, options: { name?: string; user?: { name: string; color: string } } = {}): ProviderEditor {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(liveNotesUrl(baseUrl), meetingId, doc, {
    params: { token },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    // Back soon after a node goes away, as the browser is, but no faster than a busy machine copes with.
    maxBackoffTime: 1000,
  });
  if (options.user) provider.awareness.setLocalStateField('user', options.user);
  const closes: { code: number; reason: string }[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: String(event.reason) });
  });
  const name = options.name ?? `editor ${doc.clientID}`;
  return {
    name,
    doc,
    provider,
    closes,
    text: (key = 'notes') => doc.getText(key).toString(),
    type(chars, key = 'notes') {
      const text = doc.getText(key);
      for (const ch of chars) text.insert(text.length, ch);
    },
    synced: (timeoutMs = 60_000) =>
      until(
        () => provider.synced,
        () => `${name} to sync with the server (closes: ${JSON.stringify(closes)})`,
        timeoutMs,
      ),
    destroy() {
      provider.destroy();
    },
  };
}

/** Everyone's text side by side, for a failing test's message. */
export function describeTexts(editors: readonly ProviderEditor[], key = 'notes'): string {
  return editors.map((e) => `${e.name} (${e.provider.wsconnected ? 'connected' : 'not connected'}): ${JSON.stringify(e.text(key)).slice(0, 400)}`).join('\n');
}
