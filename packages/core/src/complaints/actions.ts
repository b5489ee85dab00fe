import { createHash, randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertStoreCan } from '../identity/actor.ts';
import { requireStore } from '../tenancy/stores.ts';
import { limitedToOwnComplaints, lockComplaint } from './access.ts';
import { contentProblem } from './attachment-content.ts';
import {
  acceptAttachment,
  attachmentFileName,
  attachmentTypes,
  isAttachmentType,
} from './attachment-policy.ts';
import type { AttachmentStorage } from './attachment-storage.ts';
import type { AddActionInput, Attachment, ComplaintAction, UploadAttachmentInput } from './schema.ts';
import { assertStorePeople } from './settings.ts';
import { recordStep } from './timeline.ts';

export interface ActionOptions {
  db: Database;
  actor: Actor;
  storeId: string;
  complaintId: string;
  requestId?: string;
}

async function readActions(tx: Tx, complaintId: string, actionId?: string): Promise<ComplaintAction[]> {
  const actions = await tx<Omit<ComplaintAction, 'attachments'>[]>`
    select id, complaint_id, kind, description, owner_user_id, due_on, done_at, created_at
    from complaint_actions where complaint_id = ${complaintId} ${actionId ? tx`and id = ${actionId}` : tx``}
    order by created_at, id`;
  const attachments = await tx<Attachment[]>`
    select id, action_id, file_name, content_type, size_bytes, sha256, created_at
    from complaint_attachments where complaint_id = ${complaintId} order by created_at, id`;
  // Listed as served: files kept before names were made safe show their safe name too.
  const listed = attachments.map((f) =>
    isAttachmentType(f.contentType) ? { ...f, fileName: attachmentFileName(f.fileName, f.contentType) } : f,
  );
  return actions.map((a) => ({ ...a, attachments: listed.filter((f) => f.actionId === a.id) }));
}

/** In one transaction: permission, store, the complaint (locked), then `fn`. */
async function onComplaint<T>(
  { db, actor, storeId, complaintId }: ActionOptions,
  permission: 'complaints.read' | 'complaints.answer',
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  assertStoreCan(actor, storeId, permission);
  return db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    await lockComplaint(tx, actor, storeId, complaintId);
    return fn(tx);
  });
}

export const listComplaintActions = (options: ActionOptions): Promise<ComplaintAction[]> =>
  onComplaint(options, 'complaints.read', (tx) => readActions(tx, options.complaintId));

/** 纠正预防措施: adds a corrective or preventive action to the complaint's archive. */
export async function addComplaintAction(
  options: ActionOptions & { input: AddActionInput },
): Promise<ComplaintAction> {
  const { actor, storeId, complaintId, input, requestId } = options;
  return onComplaint(options, 'complaints.answer', async (tx) => {
    await assertStorePeople(tx, storeId, [{ path: 'ownerUserId', userId: input.ownerUserId ?? null }]);
    const [row] = await tx<{ id: string }[]>`
      insert into complaint_actions (tenant_id, store_id, complaint_id, kind, description, owner_user_id, due_on, created_by)
      values (${actor.tenantId}, ${storeId}, ${complaintId}, ${input.kind}, ${input.description},
        ${input.ownerUserId ?? null}, ${input.dueOn ?? null}, ${actor.kind === 'user' ? actor.userId : null})
      returning id`;
    if (!row) throw new Error('action insert returned nothing');
    await recordStep(tx, actor, {
      storeId,
      complaintId,
      kind: 'actionAdded',
      details: { actionId: row.id, kind: input.kind, description: input.description },
    });
    await recordAudit(
      tx,
      actor,
      { action: 'complaint.action.add', entity: 'complaintAction', entityId: row.id, storeId },
      requestId,
    );
    const [action] = await readActions(tx, complaintId, row.id);
    if (!action) throw new Error('action vanished');
    return action;
  });
}

export async function completeComplaintAction(
  options: ActionOptions & { actionId: string },
): Promise<ComplaintAction> {
  const { actor, storeId, complaintId, actionId } = options;
  return onComplaint(options, 'complaints.answer', async (tx) => {
    const [row] = await tx`update complaint_actions set done_at = coalesce(done_at, now())
      where id = ${actionId} and complaint_id = ${complaintId} returning id`;
    if (!row) throw notFound('Action');
    await recordStep(tx, actor, { storeId, complaintId, kind: 'actionDone', details: { actionId } });
    const [action] = await readActions(tx, complaintId, actionId);
    if (!action) throw new Error('action vanished');
    return action;
  });
}

/**
 * Attaches a file to an action: type and size checked (the whole file must be what it
 * claims, with no program inside), listed under the uploader's name with the checked
 * type's extension (`evil.exe` sent as a JPEG is listed as `evil.jpg`) and kept under the
 * server's name with that extension, in storage under the tenant's own prefix, the row
 * written in the same transaction. The file is written last, before the commit; should
 * the transaction still fail (the commit included), the file is removed again, so no file
 * outlives its row.
 */
export async function uploadComplaintAttachment(
  options: ActionOptions & { actionId: string; input: UploadAttachmentInput; storage: AttachmentStorage },
): Promise<Attachment> {
  const { actor, storeId, complaintId, actionId, input, storage, requestId } = options;
  let written: string | null = null;
  const upload = onComplaint(options, 'complaints.answer', async (tx) => {
    const [action] =
      await tx`select 1 from complaint_actions where id = ${actionId} and complaint_id = ${complaintId}`;
    if (!action) throw notFound('Action');
    const bytes = acceptAttachment(input.contentType, input.contentBase64);
    const key = `${actor.tenantId}/${randomUUID()}.${attachmentTypes[input.contentType]}`;
    const fileName = attachmentFileName(input.fileName, input.contentType);
    const [row] = await tx<Attachment[]>`
      insert into complaint_attachments (tenant_id, store_id, complaint_id, action_id, file_name, content_type,
        size_bytes, sha256, storage_key, uploaded_by)
      values (${actor.tenantId}, ${storeId}, ${complaintId}, ${actionId}, ${fileName}, ${input.contentType},
        ${bytes.length}, ${createHash('sha256').update(bytes).digest('hex')}, ${key},
        ${actor.kind === 'user' ? actor.userId : null})
      returning id, action_id, file_name, content_type, size_bytes, sha256, created_at`;
    if (!row) throw new Error('attachment insert returned nothing');
    await recordStep(tx, actor, {
      storeId,
      complaintId,
      kind: 'attachmentAdded',
      details: { actionId, attachmentId: row.id, fileName },
    });
    await recordAudit(
      tx,
      actor,
      { action: 'complaint.attachment.add', entity: 'complaintAttachment', entityId: row.id, storeId },
      requestId,
    );
    // Marked before the write: a write that fails half-way leaves a file to remove too.
    written = key;
    await storage.put(key, bytes);
    return row;
  });
  try {
    return await upload;
  } catch (error) {
    if (written !== null) await storage.remove(written);
    throw error;
  }
}

/**
 * An attachment's bytes, found only through its own tenant's, store's (and, for staff, own
 * complaint's) row, with its checked type and a safe name of that type's extension. A file
 * kept before the whole-file check that fails it now is not served (CONFLICT); it stays stored.
 */
export async function readComplaintAttachment({
  db,
  actor,
  storeId,
  attachmentId,
  storage,
}: {
  db: Database;
  actor: Actor;
  storeId: string;
  attachmentId: string;
  storage: AttachmentStorage;
}): Promise<{ fileName: string; contentType: string; bytes: Uint8Array }> {
  assertStoreCan(actor, storeId, 'complaints.read');
  const own = limitedToOwnComplaints(actor, storeId);
  const row = await db.withTenant(actor.tenantId, async (tx) => {
    await requireStore(tx, storeId);
    const [found] = await tx<{ fileName: string; contentType: string; storageKey: string }[]>`
      select a.file_name, a.content_type, a.storage_key from complaint_attachments a
      join complaints c on c.id = a.complaint_id
      where a.id = ${attachmentId} and a.store_id = ${storeId}
        ${own ? tx`and c.responsible_user_id = ${own}` : tx``}`;
    return found;
  });
  if (!row) throw notFound('Attachment');
  const bytes = await storage.get(row.storageKey);
  if (!isAttachmentType(row.contentType) || contentProblem(row.contentType, bytes))
    throw new AppError('CONFLICT', '附件未通过文件内容检查,不提供下载');
  return { fileName: attachmentFileName(row.fileName, row.contentType), contentType: row.contentType, bytes };
}
