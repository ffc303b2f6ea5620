import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';

/** One message as the receiver took it: the raw bytes and the SMTP envelope. */
export interface InboundMail {
  raw: Buffer;
  /** MAIL FROM; '' for the null sender (`<>`) bounces use. */
  envelopeFrom: string;
  envelopeTo: string[];
}

/** What the capture service does with what arrives; the receiver knows nothing else about Cadence. */
export interface MailReceiverHandler {
  /** RCPT TO: true to take mail for this address, false to refuse it with 550. */
  acceptsRecipient(address: string): boolean;
  /** A whole message. A throw answers 451 (the sender's server tries again later); a return answers 250. */
  onMail(mail: InboundMail): Promise<void>;
  /** A message refused for its size (552), so the status can count it. */
  onTooLarge(info: { envelopeFrom: string; bytes: number | null; limit: number }): Promise<void>;
}

export interface MailReceiverOptions {
  host: string;
  port: number;
  maxBytes: number;
}

/** The capture port: an SMTP listener that hands each message to the handler. */
export interface RunningMailReceiver {
  readonly port: number;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * Starts an SMTP receiver (smtp-server): no AUTH and no STARTTLS, so it belongs on a loopback or
 * private address behind the mail server that receives the capture address's mail. Mail to any
 * other address is refused at RCPT with 550; a message over `maxBytes` is refused with 552 and
 * reported, never held in memory past the limit.
 */
export async function startSmtpReceiver(options: MailReceiverOptions, handler: MailReceiverHandler): Promise<RunningMailReceiver> {
  const limit = options.maxBytes;
  const server = new SMTPServer({
    name: 'cadence-capture',
    banner: 'Cadence mail capture',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    size: limit,
    // The limit is enforced on the data (552 at the end of DATA) so every refusal reaches onTooLarge.
    hideSize: true,
    rejectOversized: true,
    maxClients: 50,
    socketTimeout: 60_000,
    onMailFrom(address: SMTPServerAddress, _session, callback) {
      const args: Record<string, string | boolean | undefined> = address.args || {};
      const declared = Number(args.SIZE ?? 0);
      if (declared > limit) {
        handler.onTooLarge({ envelopeFrom: address.address, bytes: declared, limit }).then(
          () => callback(smtpError(552, `message exceeds fixed maximum message size ${limit}`)),
          () => callback(smtpError(552, `message exceeds fixed maximum message size ${limit}`)),
        );
        return;
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (handler.acceptsRecipient(address.address.toLowerCase())) return callback();
      callback(smtpError(550, `${address.address}: this server takes mail for the Cadence capture address only`));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      let bytes = 0;
      stream.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes <= limit) chunks.push(chunk);
      });
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        if (stream.sizeExceeded || bytes > limit) {
          // The server answers 552 itself (rejectOversized); the handler only counts it.
          handler.onTooLarge({ envelopeFrom, bytes, limit }).then(
            () => callback(),
            () => callback(),
          );
          return;
        }
        const mail: InboundMail = { raw: Buffer.concat(chunks), envelopeFrom, envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) };
        handler.onMail(mail).then(
          () => callback(),
          (err: unknown) => callback(smtpError(451, `temporary failure, try again later (${err instanceof Error ? err.message : String(err)})`.slice(0, 200))),
        );
      });
    },
  });
  // A broken client connection is the client's problem: never an unhandled 'error' that ends the process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
