import { parseBrands, text } from './form-input';

/** The editable store fields from the store form, as the API's create/update body takes them. */
export function storeBody(data: FormData) {
  return {
    name: text(data, 'name'),
    timeZone: text(data, 'timeZone') || undefined,
    brands: parseBrands(text(data, 'brands')),
    phone: text(data, 'phone'),
    address: text(data, 'address'),
    smsSignature: text(data, 'smsSignature'),
  };
}
