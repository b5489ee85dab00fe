import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { checkVin } from '../customers/vin.ts';
import { unsafeJsonAt } from '../input/json-input.ts';
import {
  type DeliveryEvent,
  IngestEvent,
  type IngestItemResult,
  type Issue,
  type RepairOrderEvent,
} from './schema.ts';

export interface AcceptedEvent<E = DeliveryEvent | RepairOrderEvent> {
  index: number;
  event: E;
  /** Hash of the event as parsed: equal hashes mean the DMS sent the same thing again. */
  contentHash: string;
  warnings: Issue[];
}

export interface ParsedBatch {
  accepted: AcceptedEvent[];
  rejected: IngestItemResult[];
}

export const hashOf = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 32);

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

export function rejection(
  index: number,
  raw: unknown,
  errors: Issue[],
  warnings: Issue[] = [],
): IngestItemResult {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  return {
    index,
    type: typeof record.type === 'string' ? record.type : null,
    dmsId: typeof record.dmsId === 'string' ? record.dmsId : null,
    status: 'rejected',
    id: null,
    vehicleId: null,
    errors,
    warnings,
    decisions: [],
  };
}

/**
 * Parses each event on its own, so one bad event is rejected (naming the field) and the
 * rest go on. An id sent twice in one batch keeps the first and rejects the second: which
 * one the DMS meant is not ours to guess.
 */
export function parseBatch(events: readonly unknown[]): ParsedBatch {
  const accepted: AcceptedEvent[] = [];
  const rejected: IngestItemResult[] = [];
  const seen = new Map<string, number>();
  events.forEach((raw, index) => {
    // A NUL character (which no text column holds) or runaway nesting refuses this event only.
    const unsafe = unsafeJsonAt(raw);
    if (unsafe) {
      rejected.push(rejection(index, raw, [unsafe]));
      return;
    }
    const parsed = IngestEvent.safeParse(raw);
    if (!parsed.success) {
      rejected.push(rejection(index, raw, issuesOf(parsed.error)));
      return;
    }
    const event = parsed.data;
    const key = `${event.type}:${event.dmsId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push(
        rejection(index, raw, [
          { path: 'dmsId', message: `the same ${event.type} as item ${first} of this batch` },
        ]),
      );
      return;
    }
    seen.set(key, index);
    const warnings: Issue[] = [];
    const vin = checkVin(event.vehicle.vin);
    if (vin.ok && vin.checkDigit === 'invalid')
      warnings.push({
        path: 'vehicle.vin',
        message: 'check digit (position 9) does not match: please verify',
      });
    accepted.push({ index, event, contentHash: hashOf(event), warnings });
  });
  return { accepted, rejected };
}
