import { text } from './form-input';

/** Free-text fields: the API reads an empty string as "clear it". */
const freeText = [
  'title',
  'wechat',
  'qq',
  'city',
  'district',
  'postcode',
  'convenientTime',
  'occupation',
  'industry',
  'jobTitle',
  'interests',
  'personalityNotes',
  'education',
  'incomeBand',
  'ageBand',
  'infoSource',
  'visitChannel',
] as const;

/** Checked values (dates, email, choices): the API wants null to clear them. */
const checkedFields = [
  'birthday',
  'weddingAnniversary',
  'email',
  'gender',
  'preferredChannel',
  'maritalStatus',
] as const;

/**
 * Phones, ID number and addresses. The form offers them only once the file is shown in
 * clear, so a masked value (`138****5678`) is never sent back as if typed.
 */
export const confidentialInputs = [
  'mobile',
  'landline',
  'idNumber',
  'homeAddress',
  'mailingAddress',
] as const;

const flags = ['vip', 'refusesCalls', 'smsOptedOut'] as const;

/**
 * The customer edit form as the API's `PATCH /customers/{id}` body. Only fields the form
 * carried are sent; validation (VIN, phone, ID number, dates) stays with the API, whose
 * error paths are these same names.
 */
export function customerBody(data: FormData): Record<string, string | boolean | null> {
  const body: Record<string, string | boolean | null> = {};
  if (data.has('name')) body.name = text(data, 'name');
  for (const field of freeText) if (data.has(field)) body[field] = text(data, field);
  for (const field of checkedFields) if (data.has(field)) body[field] = text(data, field) || null;
  for (const field of confidentialInputs) {
    if (!data.has(field)) continue;
    // Addresses are free text; phones and the ID number are checked.
    const value = text(data, field);
    body[field] = field.endsWith('Address') ? value : value || null;
  }
  // A checkbox sends nothing when unticked; the hidden `flags` marker says the boxes were on the form.
  if (data.has('flags')) for (const flag of flags) body[flag] = data.get(flag) === 'on';
  return body;
}
