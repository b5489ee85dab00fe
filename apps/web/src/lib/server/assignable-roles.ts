import { type Role, type RoleAssignment, roles } from '../api/contract';

/**
 * Roles the role pickers offer this user. Only a platform admin hands out platform_admin;
 * the API refuses anything else it must, this only keeps the picker honest.
 */
export function assignableRoles(mine: readonly RoleAssignment[]): Role[] {
  const isPlatform = mine.some((assignment) => assignment.role === 'platform_admin');
  return roles.filter((role) => isPlatform || role !== 'platform_admin');
}
