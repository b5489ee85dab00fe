import { describe, expect, it } from 'vitest';
import type { Store } from '../api/contract';
import { selectStore } from './store-selection';

function store(id: string, active = true): Store {
  return {
    id,
    code: id.toUpperCase(),
    name: `门店 ${id}`,
    timeZone: 'Asia/Shanghai',
    brands: [],
    phone: '',
    address: '',
    smsSignature: '',
    active,
    createdAt: '2025-01-01T00:00:00Z',
  };
}

describe('selectStore', () => {
  it('keeps the remembered store while the user may see it', () => {
    expect(selectStore([store('a'), store('b')], 'b')?.id).toBe('b');
  });

  it('falls back to the first active store when the remembered one is no longer visible', () => {
    expect(selectStore([store('a', false), store('b')], 'gone')?.id).toBe('b');
  });

  it('falls back to the first store when none is active', () => {
    expect(selectStore([store('a', false)], undefined)?.id).toBe('a');
  });

  it('has no store for a user who sees none', () => {
    expect(selectStore([], 'a')).toBeNull();
  });
});
