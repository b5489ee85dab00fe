import { describe, expect, test } from 'vitest';
import type { RoleAssignment } from '../api/contract';
import { reportAccess } from './store-access';

const at = (role: RoleAssignment['role'], storeId: string | null): RoleAssignment => ({
  id: `${role}-${storeId}`,
  role,
  storeId,
  position: null,
});

describe('reportAccess', () => {
  test.each([
    ['HQ, on any store of the group', [at('hq_admin', null)], { pack: true, dashboard: true }],
    ['a store admin at their store', [at('store_admin', 's1')], { pack: true, dashboard: true }],
    ['a store admin of another store', [at('store_admin', 's2')], { pack: false, dashboard: false }],
    ['a CR manager: the pack, not the dashboard', [at('cr_manager', 's1')], { pack: true, dashboard: false }],
    ['a callback agent', [at('callback_agent', 's1')], { pack: false, dashboard: false }],
    ['staff', [at('staff', 's1')], { pack: false, dashboard: false }],
    ['a store role held without a store', [at('store_admin', null)], { pack: false, dashboard: false }],
  ])('%s', (_name, roles, expected) => {
    expect(reportAccess(roles, 's1')).toEqual(expected);
  });
});
