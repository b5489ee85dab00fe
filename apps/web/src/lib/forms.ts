import type { ApiErrorBody } from './api/contract';

/** The API's message for one field, to show beside that field. */
export function fieldError(error: ApiErrorBody | undefined | null, path: string): string | undefined {
  return error?.details.find((detail) => detail.path === path)?.message;
}
