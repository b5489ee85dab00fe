import { describe, expect, it } from 'vitest';
import { customerBody } from './customer-body';

function form(entries: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
}

describe('customerBody', () => {
  it('sends only the fields the form carried, trimmed', () => {
    expect(customerBody(form({ name: ' 张伟 ', city: '廊坊' }))).toEqual({ name: '张伟', city: '廊坊' });
  });

  it('clears free text with an empty string and checked fields with null', () => {
    expect(
      customerBody(form({ title: '', birthday: '', email: ' ', gender: '', maritalStatus: '' })),
    ).toEqual({
      title: '',
      birthday: null,
      email: null,
      gender: null,
      maritalStatus: null,
    });
  });

  it('clears a phone or ID number with null and an address with an empty string', () => {
    expect(customerBody(form({ mobile: '', idNumber: '', homeAddress: '' }))).toEqual({
      mobile: null,
      idNumber: null,
      homeAddress: '',
    });
  });

  it('leaves phones and addresses alone when the form did not offer them (the file was masked)', () => {
    expect(customerBody(form({ name: '张伟' }))).not.toHaveProperty('mobile');
  });

  it('reads unticked flags as false when the flag boxes were on the form', () => {
    expect(customerBody(form({ flags: '1', vip: 'on' }))).toEqual({
      vip: true,
      refusesCalls: false,
      smsOptedOut: false,
    });
    expect(customerBody(form({ vip: 'on' }))).toEqual({});
  });
});
