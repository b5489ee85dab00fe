import { type OutgoingSms, providerBatchSize, type SmsProvider } from './provider.ts';

/** The number as printed: the last four digits only. */
const maskedPhone = (phone: string) => `${'*'.repeat(Math.max(0, phone.length - 4))}${phone.slice(-4)}`;

/**
 * The default provider (the demo's): the send log row is the record, and each message is
 * printed as it would reach the phone, the number masked. Nothing leaves the machine.
 *
 * @example
 * const provider = createLogProvider({ print: (line) => process.stdout.write(`${line}\n`) });
 */
export function createLogProvider({ print }: { print: (line: string) => void }): SmsProvider {
  return {
    name: 'log',
    // The send-log row is the record: a chunk that rolls back sent nothing.
    batchSize: providerBatchSize.log,
    async send(message: OutgoingSms) {
      print(`[sms] → ${maskedPhone(message.phone)} (${message.segments}) ${message.text}`);
      return { providerMessageId: `log-${message.id}` };
    },
  };
}
