import type { Database } from '../db/database.ts';
import type { Store } from '../tenancy/schema.ts';
import { listStores } from '../tenancy/stores.ts';
import { type Actor, requireUser } from './actor.ts';
import type { User } from './schema.ts';

export interface Me {
  user: Omit<User, 'roles' | 'active'>;
  tenant: { id: string; name: string; kind: 'group' | 'platform' } | null;
  roles: User['roles'];
  stores: Store[];
}

/** The signed-in person, their group and roles, and the active stores they may switch between. */
export async function getMe({ db, actor }: { db: Database; actor: Actor }): Promise<Me> {
  const { userId, tenantId, roles } = requireUser(actor);
  const [user, tenant] = await db.withTenant(tenantId, async (tx) => {
    const [u] = await tx<
      Me['user'][]
    >`select id, name, email, mobile, locale from users where id = ${userId}`;
    const [t] = await tx<
      NonNullable<Me['tenant']>[]
    >`select id, name, kind from tenants where id = ${tenantId}`;
    return [u, t] as const;
  });
  if (!user) throw new Error('signed-in user has vanished');
  const stores = (await listStores({ db, actor })).filter((s) => s.active);
  return { user, tenant: tenant ?? null, roles, stores };
}
