import { type ImportField, type ImportMapping, type ImportRowBecomes, importFields } from '../api/contract';

/** What each column of the file is read as: the field per column index, or null (not imported). */
export type ColumnChoices = (ImportField | null)[];

export function isImportField(value: unknown): value is ImportField {
  return typeof value === 'string' && (importFields as readonly string[]).includes(value);
}

/**
 * The API's field → column mapping turned round, one choice per column, as the wizard's
 * table shows it.
 *
 * @example
 * columnChoices(3, { customerName: 0, vin: 2 }); // ['customerName', null, 'vin']
 */
export function columnChoices(
  columnCount: number,
  mapping: Partial<Record<ImportField, number>>,
): ColumnChoices {
  const choices: ColumnChoices = Array.from({ length: columnCount }, () => null);
  for (const field of importFields) {
    const column = mapping[field];
    if (column !== undefined && column >= 0 && column < columnCount) choices[column] = field;
  }
  return choices;
}

/**
 * Gives `column` the field `field`; a field reads one column, so whichever column had it
 * before is left out.
 */
export function chooseField(
  choices: ColumnChoices,
  column: number,
  field: ImportField | null,
): ColumnChoices {
  return choices.map((current, index) => {
    if (index === column) return field;
    return field !== null && current === field ? null : current;
  });
}

/**
 * The whole mapping as the API takes it by hand: every field named, a column or null. The
 * API keeps its automatic choice for a field left unnamed, so naming them all makes what
 * the table shows exactly what is imported.
 */
export function mappingOf(choices: ColumnChoices): ImportMapping {
  const mapping: ImportMapping = {};
  for (const field of importFields) mapping[field] = null;
  choices.forEach((field, column) => {
    if (field) mapping[field] = column;
  });
  return mapping;
}

/**
 * The choices a submitted form carries as `column.0`, `column.1`, … (empty = not imported).
 * Two columns may name one field while the user is still choosing; the column changed last
 * (`changed`) keeps it, as that is the choice just made.
 */
export function choicesFromForm(data: FormData, columnCount: number): ColumnChoices {
  const read = (column: number) => {
    const value = data.get(`column.${column}`);
    return isImportField(value) ? value : null;
  };
  let choices: ColumnChoices = Array.from({ length: columnCount }, () => null);
  for (let column = 0; column < columnCount; column++) choices = chooseField(choices, column, read(column));
  const changed = Number(data.get('changed') ?? -1);
  if (Number.isInteger(changed) && changed >= 0 && changed < columnCount)
    choices = chooseField(choices, changed, read(changed));
  return choices;
}

/** The columns whose field another column names too: shown, and settled by the next preview. */
export function duplicateColumns(choices: ColumnChoices): Set<number> {
  const duplicates = new Set<number>();
  choices.forEach((field, column) => {
    if (field !== null && choices.some((other, index) => index !== column && other === field))
      duplicates.add(column);
  });
  return duplicates;
}

/**
 * A row error as the API words it, `column: reason`, split so the wizard can show the
 * column apart; an error naming no column keeps it all as the reason.
 *
 * @example
 * rowError('联系电话: is not a mobile number'); // { column: '联系电话', reason: 'is not a mobile number' }
 */
export function rowError(error: string): { column: string | null; reason: string } {
  const at = error.indexOf(': ');
  if (at <= 0) return { column: null, reason: error };
  return { column: error.slice(0, at), reason: error.slice(at + 2) };
}

/** How many preview rows become deliveries, repair orders and files only, for the summary line. */
export function tallyBecomes(
  rows: readonly { becomes: readonly ImportRowBecomes[] }[],
): Record<ImportRowBecomes, number> {
  const tally: Record<ImportRowBecomes, number> = { delivery: 0, repairOrder: 0, file: 0 };
  for (const row of rows) for (const kind of row.becomes) tally[kind] += 1;
  return tally;
}
