import type { Deps } from '../../deps.ts';
import { startSmtpReceiver, type RunningMailReceiver } from '../../integrations/mail-capture/smtp-receiver.ts';
import { captureMail, recordCaptureFailure, recordTooLargeMail } from './capture-mail.ts';

/**
 * Starts this node's capture receiver when CADENCE_CAPTURE_SMTP_PORT is set (undefined
 * otherwise): mail to the capture address is logged on its account, anything else refused. A
 * failure while logging a mail is recorded as the status's last error and answered 451, so the
 * sending server delivers it again later; it never ends the process.
 */
export async function startMailCapture(deps: Deps, options: { port?: number } = {}): Promise<RunningMailReceiver | undefined> {
  const { address, smtp, maxBytes } = deps.config.mailCapture;
  if (!address || !smtp) return undefined;
  return startSmtpReceiver(
    { host: smtp.host, port: options.port ?? smtp.port, maxBytes },
    {
      acceptsRecipient: (rcpt) => rcpt === address,
      onMail: async (mail) => {
        try {
          const outcome = await captureMail(deps, mail);
          deps.logger.debug({ outcome }, 'mail capture');
        } catch (err) {
          deps.logger.error({ err }, 'mail capture failed');
          await recordCaptureFailure(deps, err);
          throw err;
        }
      },
      onTooLarge: async (info) => {
        await recordTooLargeMail(deps, info);
      },
    },
  );
}
