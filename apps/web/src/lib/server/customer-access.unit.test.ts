import { describe, expect, test } from 'vitest';
import type { RoleAssignment } from '../api/contract';
import { customerAccess } from './customer-access';

const at = (role: RoleAssignment['role'], storeId: string | null): RoleAssignment => ({
  id: `${role}-${storeId}`,
  role,
  storeId,
  position: null,
});

describe('customerAccess', () => {
  test.each([
    [
      'HQ, on any store of the group',
      [at('hq_admin', null)],
      { unmask: true, edit: true, import: true, exportUnmasked: true },
    ],
    [
      'a store admin at their store',
      [at('store_admin', 's1')],
      { unmask: true, edit: true, import: true, exportUnmasked: true },
    ],
    [
      'a customer-relations manager',
      [at('cr_manager', 's1')],
      { unmask: true, edit: true, import: true, exportUnmasked: true },
    ],
    [
      'a callback specialist, who unmasks one file but exports masked only',
      [at('callback_agent', 's1')],
      { unmask: true, edit: true, import: false, exportUnmasked: false },
    ],
    [
      'a receptionist, who unmasks one file but exports masked only',
      [at('receptionist', 's1')],
      { unmask: true, edit: true, import: false, exportUnmasked: false },
    ],
    [
      'a sales consultant (staff)',
      [at('staff', 's1')],
      { unmask: false, edit: false, import: false, exportUnmasked: false },
    ],
    [
      'a store admin of another store',
      [at('store_admin', 's2')],
      { unmask: false, edit: false, import: false, exportUnmasked: false },
    ],
  ])('%s', (_who, roles, expected) => {
    expect(customerAccess(roles, 's1')).toEqual(expected);
  });
});
