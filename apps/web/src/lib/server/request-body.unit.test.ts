import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it, test } from 'vitest';
import { formDataOf, jsonBodyOf } from './request-body';

const post = (body: string, type: string) =>
  new Request('http://web.test/x', { method: 'POST', body, headers: { 'content-type': type } });

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (isHttpError(err)) return { status: err.status, body: err.body };
    throw err;
  }
  throw new Error('not refused');
}

describe('jsonBodyOf', () => {
  it('reads a JSON body', async () => {
    expect(await jsonBodyOf(post('{"text":"你好"}', 'application/json'))).toEqual({ text: '你好' });
  });

  test.each([
    ['an empty body', '', 'The body is empty: send a JSON object'],
    ['blank space', '  \n', 'The body is empty: send a JSON object'],
    ['malformed JSON', '{"text": "未闭合', 'The body is not valid JSON'],
  ])('refuses %s with 400 INVALID_INPUT', async (_label, body, message) => {
    expect(await refusal(jsonBodyOf(post(body, 'application/json')))).toEqual({
      status: 400,
      body: { message, code: 'INVALID_INPUT' },
    });
  });
});

describe('formDataOf', () => {
  it('reads a urlencoded form', async () => {
    const data = await formDataOf(post('locale=en&redirectTo=%2F', 'application/x-www-form-urlencoded'));
    expect(data.get('locale')).toBe('en');
  });

  test.each([
    ['JSON', '{"locale":"en"}', 'application/json'],
    ['a multipart body without its boundary', 'x', 'multipart/form-data'],
  ])('refuses %s with 400 INVALID_INPUT', async (_label, body, type) => {
    expect(await refusal(formDataOf(post(body, type)))).toEqual({
      status: 400,
      body: { message: 'The body is not a form', code: 'INVALID_INPUT' },
    });
  });
});
