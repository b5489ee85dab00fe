/** The closed set of failure kinds core reports. The API maps each to one HTTP status. */
export type AppErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAVAILABLE';

export interface ErrorDetail {
  /** Dotted path of the offending field, e.g. `roles.0.storeId`. */
  path: string;
  message: string;
  /** A stable key for why, where a client shows the reason in its own words (an import file's `FileRefusal`). */
  reason?: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** RATE_LIMITED: how many seconds until an attempt may be made again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
export const forbidden = (message = 'Not allowed for your role') => new AppError('FORBIDDEN', message);

export const invalid = (path: string, message: string) =>
  new AppError('INVALID_INPUT', message, [{ path, message }]);
