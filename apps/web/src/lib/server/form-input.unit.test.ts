import { describe, expect, it, test } from 'vitest';
import { parseBrands, roleRows } from './form-input';

describe('parseBrands', () => {
  test.each([
    ['奔驰', ['奔驰']],
    ['奔驰, 宝马', ['奔驰', '宝马']],
    ['奔驰，宝马、smart', ['奔驰', '宝马', 'smart']],
    [' 奔驰 ,, ', ['奔驰']],
    ['', []],
  ])('reads %j as %j', (input, expected) => {
    expect(parseBrands(input)).toEqual(expected);
  });
});

describe('roleRows', () => {
  it('reads the role rows in order with store and position only when given', () => {
    const data = new FormData();
    data.set('roles.1.role', 'staff');
    data.set('roles.1.storeId', 's1');
    data.set('roles.1.position', 'service_advisor');
    data.set('roles.0.role', 'hq_admin');
    data.set('roles.0.storeId', '');
    expect(roleRows(data)).toEqual([
      { role: 'hq_admin' },
      { role: 'staff', storeId: 's1', position: 'service_advisor' },
    ]);
  });

  it('keeps a row left without a role, so the API names it by its place on screen', () => {
    const data = new FormData();
    data.set('roles.0.role', '');
    data.set('roles.0.storeId', 's1');
    expect(roleRows(data)).toEqual([{ role: '', storeId: 's1' }]);
  });
});
