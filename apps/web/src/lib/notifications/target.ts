import type { AppNotification } from '$lib/complaints/types';

export interface NotificationTarget {
  /** The page, in the notification's own store. */
  path: string;
  /** The store to work in when it opens; null when the notification names none. */
  storeId: string | null;
  label: 'open' | 'openQualityItems';
}

/**
 * Where a notification leads. People with several stores are notified from all of them,
 * and every store page reads the store chosen in the switcher, so the target carries its
 * store: opening it switches there first, instead of looking the item up in the wrong store.
 */
export function notificationTarget(n: AppNotification): NotificationTarget | null {
  if (n.complaintId) return { path: `/complaints/${n.complaintId}`, storeId: n.storeId, label: 'open' };
  if (n.kind === 'quality.itemOverdue' && n.storeId)
    return { path: '/quality/items?state=overdue', storeId: n.storeId, label: 'openQualityItems' };
  return null;
}
