import { z } from 'zod';

export const Notification = z
  .object({
    id: z.uuid(),
    /** What happened, e.g. `complaint.escalated`, `complaint.dispatched`. */
    kind: z.string(),
    storeId: z.uuid().nullable(),
    complaintId: z.uuid().nullable(),
    /** For an escalation: 0 for the first step (department manager), 1 for the next … */
    step: z.number().int().nullable(),
    details: z.record(z.string(), z.unknown()),
    createdAt: z.iso.datetime({ offset: true }),
    readAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

export const NotificationListQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type NotificationListQuery = z.infer<typeof NotificationListQuery>;
