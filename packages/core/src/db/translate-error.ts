import postgres from 'postgres';
import { AppError } from '../errors.ts';

/** Postgres constraint names → the field a person would fix. */
const constraintFields: Record<string, string> = {
  users_email_key: 'email',
  users_mobile_key: 'mobile',
  stores_tenant_id_code_key: 'code',
  tenants_code_key: 'code',
  role_assignments_once: 'role',
};

/**
 * Turns a database error into an AppError so a PostgresError never leaves core:
 * unique violations become CONFLICT on the field, check and foreign-key violations
 * become INVALID_INPUT. Anything else is a bug and is rethrown as it is.
 */
export function translateDbError(error: unknown): unknown {
  if (!(error instanceof postgres.PostgresError)) return error;
  const field = constraintFields[error.constraint_name ?? ''] ?? error.column_name ?? '';
  switch (error.code) {
    case '23505':
      return new AppError('CONFLICT', `${field || 'value'} is already taken`, [
        { path: field, message: 'already taken' },
      ]);
    case '23503':
      return new AppError('INVALID_INPUT', 'refers to something that does not exist', [
        { path: field, message: 'does not exist' },
      ]);
    case '23514':
    case '22P02':
    case '22001':
      return new AppError('INVALID_INPUT', `invalid value${field ? ` for ${field}` : ''}`, [
        { path: field, message: error.message },
      ]);
    default:
      return error;
  }
}
