import type { UserLocale } from '../api/contract';
import { optionalText, roleRows, text } from './form-input';

function locale(data: FormData): UserLocale {
  return text(data, 'locale') === 'en' ? 'en' : 'zh-CN';
}

/** The create-user form as the API's POST /users body. */
export function createUserBody(data: FormData) {
  return {
    name: text(data, 'name'),
    email: optionalText(data, 'email'),
    mobile: optionalText(data, 'mobile'),
    password: typeof data.get('password') === 'string' ? data.get('password') : '',
    locale: locale(data),
    roles: roleRows(data),
  };
}

/** The edit-user form as the API's PATCH body; an empty password field keeps the password. */
export function updateUserBody(data: FormData) {
  const password = data.get('password');
  return {
    name: text(data, 'name'),
    email: optionalText(data, 'email'),
    mobile: optionalText(data, 'mobile'),
    locale: locale(data),
    active: data.get('active') === 'on',
    ...(typeof password === 'string' && password !== '' ? { password } : {}),
  };
}
