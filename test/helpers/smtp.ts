import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** Every envelope recipient, so BCC shows even though no header names it. */
  envelopeTo: string[];
  parsed: ParsedMail;
  /** The message exactly as it arrived (headers, MIME parts, transfer encodings). */
  raw: string;
}

/** A real SMTP server in the test process that keeps what it receives (on `port`, to bring one back where it was). */
export async function startSmtpServer(options: { port?: number } = {}): Promise<{ url: string; port: number; received: ReceivedMail[]; close(): Promise<void> }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const source = Buffer.concat(chunks);
        simpleParser(source)
          .then((parsed) => {
            received.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), parsed, raw: source.toString('utf8') });
            callback();
          })
          .catch(callback);
      });
    },
  });
  // A sender that dies mid-session (the crash test kills servers) resets its connection: not the receiver's failure.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { url: `smtp://127.0.0.1:${port}?tls=off`, port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export function addressesOf(field: ParsedMail['to']): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((a) => a.value.map((v) => v.address ?? ''));
}
