// Reading HTML form submissions into the API's request bodies. Validation stays with the
// API (its zod schemas answer with field paths); here we only shape what was typed.

/** A text field, trimmed; empty when absent. */
export function text(data: FormData, name: string): string {
  const value = data.get(name);
  return typeof value === 'string' ? value.trim() : '';
}

/** A text field that the API wants as null (or omitted) when left empty. */
export function optionalText(data: FormData, name: string): string | null {
  return text(data, name) || null;
}

/** "奔驰, 宝马、smart" → ['奔驰', '宝马', 'smart']: staff type Chinese or Latin separators. */
export function parseBrands(value: string): string[] {
  return value
    .split(/[,，、;；\n]/)
    .map((brand) => brand.trim())
    .filter((brand) => brand !== '');
}

export interface RoleInput {
  role: string;
  storeId?: string;
  position?: string;
}

/** One role assignment from fields named `${prefix}role`, `${prefix}storeId`, `${prefix}position`. */
export function roleInput(data: FormData, prefix = ''): RoleInput {
  const input: RoleInput = { role: text(data, `${prefix}role`) };
  const storeId = text(data, `${prefix}storeId`);
  const position = text(data, `${prefix}position`);
  if (storeId) input.storeId = storeId;
  if (position) input.position = position;
  return input;
}

/**
 * The role rows of the create-user form (`roles.0.role`, `roles.1.role`, …), in order. No
 * row is dropped, so the API's error paths (`roles.1.storeId`) point at the row on screen.
 */
export function roleRows(data: FormData): RoleInput[] {
  const indexes = new Set<number>();
  for (const key of data.keys()) {
    const match = /^roles\.(\d+)\.role$/.exec(key);
    if (match?.[1]) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b).map((index) => roleInput(data, `roles.${index}.`));
}
