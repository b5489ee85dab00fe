import type { Database, Tx } from '../db/database.ts';
import { notFound } from '../errors.ts';
import { type Actor, requireUser } from '../identity/actor.ts';
import type { Notification, NotificationListQuery } from './schema.ts';

export interface NotifyInput {
  userIds: readonly string[];
  kind: string;
  storeId: string | null;
  complaintId?: string | null;
  /** With `step`, makes the notification once-only per person (an escalation step). */
  clockId?: string | null;
  step?: number | null;
  details?: Record<string, unknown>;
}

/**
 * Writes one in-app notification per person inside the caller's transaction. An
 * escalation step (clock and step given) notifies each person once, however often it runs.
 * Returns the people newly notified.
 */
export async function notify(tx: Tx, tenantId: string, input: NotifyInput): Promise<string[]> {
  const userIds = [...new Set(input.userIds)];
  if (userIds.length === 0) return [];
  const rows = await tx<{ userId: string }[]>`
    insert into notifications (tenant_id, user_id, store_id, kind, complaint_id, clock_id, step, details)
    select ${tenantId}, u, ${input.storeId}, ${input.kind}, ${input.complaintId ?? null},
      ${input.clockId ?? null}, ${input.step ?? null},
      ${tx.json((input.details ?? {}) as Parameters<typeof tx.json>[0])}
    from unnest(${userIds}::uuid[]) as u
    on conflict do nothing
    returning user_id`;
  return rows.map((r) => r.userId);
}

const columns = (tx: Tx) => tx`id, kind, store_id, complaint_id, step, details, created_at, read_at`;

/** The signed-in person's notifications, newest first. */
export async function listMyNotifications({
  db,
  actor,
  query,
}: {
  db: Database;
  actor: Actor;
  query: NotificationListQuery;
}): Promise<Notification[]> {
  const user = requireUser(actor);
  return db.withTenant(
    user.tenantId,
    (tx) => tx<Notification[]>`
      select ${columns(tx)} from notifications
      where user_id = ${user.userId} ${query.unread === 'true' ? tx`and read_at is null` : tx``}
      order by created_at desc, id limit ${query.limit}`,
  );
}

/** Marks one of the signed-in person's notifications read; someone else's is not found. */
export async function markNotificationRead({
  db,
  actor,
  notificationId,
}: {
  db: Database;
  actor: Actor;
  notificationId: string;
}): Promise<Notification> {
  const user = requireUser(actor);
  const [row] = await db.withTenant(
    user.tenantId,
    (tx) => tx<Notification[]>`
      update notifications set read_at = coalesce(read_at, now())
      where id = ${notificationId} and user_id = ${user.userId}
      returning ${columns(tx)}`,
  );
  if (!row) throw notFound('Notification');
  return row;
}
