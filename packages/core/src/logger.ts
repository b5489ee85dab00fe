import { pino } from 'pino';

export type Logger = pino.Logger;

/**
 * Structured logs. Personal data never goes into a log line: the redact list catches
 * the usual field names in case one slips through.
 */
export function createLogger(options: {
  level?: string;
  name: string;
  /** Where lines go; stdout when omitted (tests pass a stream to read them). */
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: {
        paths: [
          'password',
          '*.password',
          'token',
          '*.token',
          'phone',
          '*.phone',
          'mobile',
          '*.mobile',
          'email',
          '*.email',
          'idNumber',
          '*.idNumber',
          'address',
          '*.address',
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}
