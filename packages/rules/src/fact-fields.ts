import { z } from 'zod';

/**
 * Whether `segments` name a field the kind's fact schema declares, so a typo such as
 * `$.vehicle.milageKm` is caught when the rule is saved rather than silently never
 * matching. Returns the index of the first unknown segment, or -1 when the path is known
 * (or leads into a part of the schema too open to check).
 */
export function firstUnknownSegment(schema: z.core.$ZodType, segments: readonly string[]): number {
  let current: z.core.$ZodType = schema;
  for (let index = 0; index < segments.length; index += 1) {
    current = unwrap(current);
    const segment = segments[index] as string;
    if (current instanceof z.ZodObject) {
      const field: z.core.$ZodType | undefined = current.shape[segment];
      if (field === undefined) return index;
      current = field;
    } else if (current instanceof z.ZodArray) {
      if (!/^\d+$/.test(segment)) return index;
      current = current.element;
    } else {
      // A scalar has no fields; json-rules-engine then compares the fact itself, never a
      // field of it, which is surely not what the admin meant.
      return isScalar(current) ? index : -1;
    }
  }
  return -1;
}

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap();
    } else {
      return current;
    }
  }
}

function isScalar(schema: z.core.$ZodType): boolean {
  return (
    schema instanceof z.ZodString ||
    schema instanceof z.ZodNumber ||
    schema instanceof z.ZodBoolean ||
    schema instanceof z.ZodEnum ||
    schema instanceof z.ZodLiteral
  );
}

/** The declared field names at the end of `segments`, to suggest in an error message. */
export function fieldNamesAt(schema: z.core.$ZodType, segments: readonly string[]): string[] {
  let current: z.core.$ZodType = unwrap(schema);
  for (const segment of segments) {
    if (current instanceof z.ZodObject) {
      const field: z.core.$ZodType | undefined = current.shape[segment];
      if (field === undefined) return [];
      current = unwrap(field);
    } else if (current instanceof z.ZodArray) {
      current = unwrap(current.element);
    } else {
      return [];
    }
  }
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}
