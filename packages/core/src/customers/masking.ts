/**
 * Phones, ID numbers and addresses are confidential (重要机密). Roles without
 * `customers.unmask` only ever see these shapes; those with it see clear values on
 * request, and each such view is logged.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length <= 7) return `${phone.slice(0, 1)}****${phone.slice(-2)}`;
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

export function maskIdNumber(id: string | null): string | null {
  if (!id) return id;
  if (id.length <= 8) return '*'.repeat(id.length);
  return `${id.slice(0, 3)}${'*'.repeat(id.length - 7)}${id.slice(-4)}`;
}

/** The district stays readable (the first six characters); the street and number do not. */
export function maskAddress(address: string | null): string | null {
  if (!address) return address;
  return address.length <= 6 ? '****' : `${address.slice(0, 6)}****`;
}

/** The personal fields masking covers, by name. */
export const confidentialFields = [
  'mobile',
  'landline',
  'idNumber',
  'homeAddress',
  'mailingAddress',
] as const;
export type ConfidentialField = (typeof confidentialFields)[number];

export function maskConfidential<T extends Partial<Record<ConfidentialField, string | null>>>(
  customer: T,
): T {
  return {
    ...customer,
    mobile: maskPhone(customer.mobile ?? null),
    landline: maskPhone(customer.landline ?? null),
    idNumber: maskIdNumber(customer.idNumber ?? null),
    homeAddress: maskAddress(customer.homeAddress ?? null),
    mailingAddress: maskAddress(customer.mailingAddress ?? null),
  };
}
