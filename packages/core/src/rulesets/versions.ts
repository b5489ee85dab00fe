import { type RuleKindName, ruleKinds, validateRuleSet } from '@crm/rules';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/database.ts';
import { AppError, notFound } from '../errors.ts';
import { type Actor, assertCan, assertStoreCan } from '../identity/actor.ts';
import { reschedulePendingReminders } from '../sms/reschedule-reminders.ts';
import { assertRuleKind } from './effective.ts';
import type {
  PublishInput,
  RuleSetBody,
  RuleSetIssue,
  RuleSetState,
  RuleSetValidation,
  RuleSetVersion,
} from './schema.ts';

/**
 * Whose rule set: a store's own (`storeId`) or the group's default (`storeId: null`).
 * Store admins edit their store, HQ edits the group and any store, store roles read.
 */
export interface RuleSetOptions {
  db: Database;
  actor: Actor;
  storeId: string | null;
  kind: string;
  requestId?: string;
}

type Access = 'read' | 'edit';

/** Authorises, checks the kind, and — for a store — that it exists in this tenant (else 404). */
async function authorise(tx: Tx, { actor, storeId, kind }: RuleSetOptions, access: Access) {
  if (storeId === null) assertCan(actor, 'rules.editGroup');
  else assertStoreCan(actor, storeId, access === 'edit' ? 'rules.edit' : 'rules.read');
  assertRuleKind(kind);
  if (storeId !== null) {
    const [store] = await tx`select 1 from stores where id = ${storeId}`;
    if (!store) throw notFound('Store');
  }
  return kind;
}

/** Serialises the commands on one (scope, kind) so version numbers and statuses stay consistent. */
async function lockScope(tx: Tx, tenantId: string, storeId: string | null, kind: string) {
  await tx`select pg_advisory_xact_lock(hashtext(${`rule_sets:${tenantId}:${storeId ?? 'group'}:${kind}`}))`;
}

const versionColumns = (tx: Tx) => tx`
  r.id, r.store_id, r.kind, r.version, r.status, r.body, r.author_user_id, u.name as author_name,
  r.copied_from_version, r.created_at, r.updated_at, r.published_at`;

async function findVersion(
  tx: Tx,
  tenantId: string,
  storeId: string | null,
  kind: string,
  where: { status: 'draft' | 'published' } | { version: number },
): Promise<RuleSetVersion | null> {
  const [row] = await tx<RuleSetVersion[]>`
    select ${versionColumns(tx)} from rule_sets r
    left join users u on u.tenant_id = r.tenant_id and u.id = r.author_user_id
    where r.tenant_id = ${tenantId} and r.kind = ${kind}
      and r.store_id is not distinct from ${storeId}::uuid
      and ${'status' in where ? tx`r.status = ${where.status}` : tx`r.version = ${where.version}`}`;
  return row ?? null;
}

/** The number the next published version of this scope and kind takes. */
export async function nextVersion(tx: Tx, tenantId: string, storeId: string | null, kind: string) {
  const [row] = await tx<{ next: number }[]>`
    select coalesce(max(version), 0) + 1 as next from rule_sets
    where tenant_id = ${tenantId} and kind = ${kind} and store_id is not distinct from ${storeId}::uuid
      and status <> 'draft'`;
  return row?.next ?? 1;
}

/** A body's problems with JSON paths into it (`rules[0].event.params.toDay`); empty if it would publish. */
export function ruleSetIssues(kind: RuleKindName, body: unknown): RuleSetIssue[] {
  const result = validateRuleSet(kind, body);
  return result.ok ? [] : result.issues;
}

/** The version that decides for this scope today: the store's own, the group's, or the built-in default. */
export async function effectiveRuleSetBody(
  tx: Tx,
  tenantId: string,
  storeId: string | null,
  kind: RuleKindName,
) {
  const [row] = await tx<
    { id: string; storeId: string | null; version: number; body: RuleSetBody; publishedAt: string }[]
  >`
    select id, store_id, version, body, published_at from rule_sets
    where tenant_id = ${tenantId} and kind = ${kind} and status = 'published'
      and (store_id is not distinct from ${storeId}::uuid or store_id is null)
    order by store_id nulls last
    limit 1`;
  if (!row) {
    return {
      ruleSetId: null,
      scope: 'default' as const,
      version: 0,
      body: ruleKinds[kind].defaults as unknown as RuleSetBody,
      publishedAt: null,
    };
  }
  return {
    ruleSetId: row.id,
    scope: row.storeId === null ? ('group' as const) : ('store' as const),
    version: row.version,
    body: row.body,
    publishedAt: row.publishedAt,
  };
}

/** What decides today for this scope and kind, and the draft being edited with its problems. */
export async function getRuleSetState(options: RuleSetOptions): Promise<RuleSetState> {
  const { db, actor, storeId } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'read');
    const draft = await findVersion(tx, actor.tenantId, storeId, kind, { status: 'draft' });
    return {
      kind,
      storeId,
      effective: await effectiveRuleSetBody(tx, actor.tenantId, storeId, kind),
      draft,
      draftIssues: draft ? ruleSetIssues(kind, draft.body) : [],
    };
  });
}

export async function getDraft(options: RuleSetOptions): Promise<RuleSetVersion | null> {
  const { db, actor, storeId } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'read');
    return findVersion(tx, actor.tenantId, storeId, kind, { status: 'draft' });
  });
}

/**
 * Saves the draft (creating it on first save). A draft may be invalid — it is work in
 * progress — so its problems come back with it; only publishing insists on a valid body.
 * The draft carries the number it will publish as.
 */
export async function saveDraft(
  options: RuleSetOptions & { body: RuleSetBody },
): Promise<{ draft: RuleSetVersion; issues: RuleSetIssue[] }> {
  const { db, actor, storeId, body } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'edit');
    await lockScope(tx, actor.tenantId, storeId, kind);
    const author = actor.kind === 'user' ? actor.userId : null;
    const version = await nextVersion(tx, actor.tenantId, storeId, kind);
    const json = tx.json(body as Parameters<typeof tx.json>[0]);
    const [updated] = await tx<{ id: string }[]>`
      update rule_sets set body = ${json}, author_user_id = ${author}, version = ${version}, updated_at = now()
      where tenant_id = ${actor.tenantId} and kind = ${kind} and status = 'draft'
        and store_id is not distinct from ${storeId}::uuid
      returning id`;
    if (!updated) {
      await tx`
        insert into rule_sets (tenant_id, store_id, kind, version, status, body, author_user_id)
        values (${actor.tenantId}, ${storeId}, ${kind}, ${version}, 'draft', ${json}, ${author})`;
    }
    const draft = await findVersion(tx, actor.tenantId, storeId, kind, { status: 'draft' });
    if (!draft) throw new Error('draft vanished after save');
    return { draft, issues: ruleSetIssues(kind, body) };
  });
}

/** Throws away the draft; published versions are untouched. */
export async function discardDraft(options: RuleSetOptions): Promise<void> {
  const { db, actor, storeId, requestId } = options;
  await db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'edit');
    const [row] = await tx<{ id: string }[]>`
      delete from rule_sets where tenant_id = ${actor.tenantId} and kind = ${kind} and status = 'draft'
        and store_id is not distinct from ${storeId}::uuid
      returning id`;
    if (!row) throw notFound('Draft');
    await recordAudit(
      tx,
      actor,
      { action: 'ruleSet.discardDraft', entity: 'ruleSet', entityId: row.id, storeId, details: { kind } },
      requestId,
    );
  });
}

/** Validates the given body, or the saved draft when none is given. */
export async function validateDraft(
  options: RuleSetOptions & { body?: RuleSetBody | undefined },
): Promise<RuleSetValidation> {
  const { db, actor, storeId } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'read');
    let body: unknown = options.body;
    if (body === undefined) {
      const draft = await findVersion(tx, actor.tenantId, storeId, kind, { status: 'draft' });
      if (!draft) throw notFound('Draft');
      body = draft.body;
    }
    const issues = ruleSetIssues(kind, body);
    return { ok: issues.length === 0, issues };
  });
}

function refuse(issues: RuleSetIssue[]): AppError {
  const first = issues[0];
  return new AppError(
    'INVALID_INPUT',
    `The rule set is not valid${first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`,
    issues.map((i) => ({ path: i.path, message: i.message })),
  );
}

/**
 * What a newly published version changes beyond itself, in the same transaction: reminders
 * not yet sent follow new smsReminder rules (domain.md: a published change reschedules them).
 */
async function afterPublish(tx: Tx, tenantId: string, storeId: string | null, kind: string) {
  if (kind === 'smsReminder') await reschedulePendingReminders(tx, { tenantId, storeId });
}

/** Makes `row` the published version of its scope and kind; the previous one is archived. */
async function archivePublished(tx: Tx, tenantId: string, storeId: string | null, kind: string) {
  await tx`
    update rule_sets set status = 'archived', updated_at = now()
    where tenant_id = ${tenantId} and kind = ${kind} and status = 'published'
      and store_id is not distinct from ${storeId}::uuid`;
}

/**
 * Publishes the saved draft: validates it, freezes it (published rows never change again)
 * and archives the version it replaces. From the next event on, the scope decides with it.
 */
export async function publish(options: RuleSetOptions & { input?: PublishInput }): Promise<RuleSetVersion> {
  const { db, actor, storeId, requestId, input } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'edit');
    await lockScope(tx, actor.tenantId, storeId, kind);
    const draft = await findVersion(tx, actor.tenantId, storeId, kind, { status: 'draft' });
    if (!draft)
      throw new AppError('CONFLICT', 'There is no draft to publish', [{ path: '', message: 'no draft' }]);
    if (input?.expectedVersion !== undefined && input.expectedVersion !== draft.version) {
      throw new AppError(
        'CONFLICT',
        `The draft is now version ${draft.version}; reload it before publishing`,
        [{ path: 'expectedVersion', message: `the draft is version ${draft.version}` }],
      );
    }
    const issues = ruleSetIssues(kind, draft.body);
    if (issues.length > 0) throw refuse(issues);
    await archivePublished(tx, actor.tenantId, storeId, kind);
    await tx`
      update rule_sets set status = 'published', published_at = now(), updated_at = now()
      where tenant_id = ${actor.tenantId} and id = ${draft.id}`;
    await afterPublish(tx, actor.tenantId, storeId, kind);
    await recordAudit(
      tx,
      actor,
      {
        action: 'ruleSet.publish',
        entity: 'ruleSet',
        entityId: draft.id,
        storeId,
        details: { kind, version: draft.version },
      },
      requestId,
    );
    const published = await findVersion(tx, actor.tenantId, storeId, kind, { version: draft.version });
    if (!published) throw new Error('published version vanished');
    return published;
  });
}

/**
 * Publishes a body directly (no draft involved) unless it equals the published one: what a
 * configuration sync does. Returns the published version, and whether it is new.
 */
export async function publishBody(
  options: RuleSetOptions & { body: RuleSetBody },
): Promise<{ version: RuleSetVersion; changed: boolean }> {
  const { db, actor } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'edit');
    return publishRuleSetBody(tx, { ...options, kind });
  });
}

/**
 * `publishBody` inside the caller's transaction, for trusted callers that authorised
 * already (the tenants-config sync, acting as the system). Idempotent: an unchanged body
 * publishes nothing.
 */
export async function publishRuleSetBody(
  tx: Tx,
  {
    actor,
    storeId,
    kind,
    body,
    requestId,
  }: {
    actor: Actor;
    storeId: string | null;
    kind: RuleKindName;
    body: unknown;
    requestId?: string | undefined;
  },
): Promise<{ version: RuleSetVersion; changed: boolean }> {
  await lockScope(tx, actor.tenantId, storeId, kind);
  const issues = ruleSetIssues(kind, body);
  if (issues.length > 0) throw refuse(issues);
  const current = await findVersion(tx, actor.tenantId, storeId, kind, { status: 'published' });
  if (current && (await sameJson(tx, current.body, body))) return { version: current, changed: false };
  const version = await nextVersion(tx, actor.tenantId, storeId, kind);
  await bumpDraft(tx, actor.tenantId, storeId, kind, version + 1);
  await archivePublished(tx, actor.tenantId, storeId, kind);
  const [row] = await tx<{ id: string }[]>`
    insert into rule_sets (tenant_id, store_id, kind, version, status, body, author_user_id, published_at)
    values (${actor.tenantId}, ${storeId}, ${kind}, ${version}, 'published',
      ${tx.json(body as Parameters<typeof tx.json>[0])}, ${actor.kind === 'user' ? actor.userId : null}, now())
    returning id`;
  await afterPublish(tx, actor.tenantId, storeId, kind);
  await recordAudit(
    tx,
    actor,
    { action: 'ruleSet.publish', entity: 'ruleSet', entityId: row?.id, storeId, details: { kind, version } },
    requestId,
  );
  const published = await findVersion(tx, actor.tenantId, storeId, kind, { version });
  if (!published) throw new Error('published version vanished');
  return { version: published, changed: true };
}

/** jsonb equality: key order and formatting never count as a change. */
async function sameJson(tx: Tx, a: unknown, b: unknown): Promise<boolean> {
  const [row] = await tx<{ same: boolean }[]>`
    select ${tx.json(a as Parameters<typeof tx.json>[0])}::jsonb = ${tx.json(b as Parameters<typeof tx.json>[0])}::jsonb as same`;
  return row?.same === true;
}

/** Keeps an open draft numbered after a version published past it. */
async function bumpDraft(tx: Tx, tenantId: string, storeId: string | null, kind: string, version: number) {
  await tx`
    update rule_sets set version = ${version}
    where tenant_id = ${tenantId} and kind = ${kind} and status = 'draft'
      and store_id is not distinct from ${storeId}::uuid`;
}

/** Every version of this scope and kind, newest first (the draft, if any, on top). */
export async function history(options: RuleSetOptions & { limit?: number }): Promise<RuleSetVersion[]> {
  const { db, actor, storeId, limit = 100 } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'read');
    return tx<RuleSetVersion[]>`
      select ${versionColumns(tx)} from rule_sets r
      left join users u on u.tenant_id = r.tenant_id and u.id = r.author_user_id
      where r.tenant_id = ${actor.tenantId} and r.kind = ${kind}
        and r.store_id is not distinct from ${storeId}::uuid
      order by r.version desc
      limit ${limit}`;
  });
}

/**
 * Publishes a copy of an older version as a new version (history is never rewritten). The
 * open draft, if any, stays and is renumbered after the copy.
 */
export async function rollback(options: RuleSetOptions & { version: number }): Promise<RuleSetVersion> {
  const { db, actor, storeId, requestId, version: target } = options;
  return db.withTenant(actor.tenantId, async (tx) => {
    const kind = await authorise(tx, options, 'edit');
    await lockScope(tx, actor.tenantId, storeId, kind);
    const old = await findVersion(tx, actor.tenantId, storeId, kind, { version: target });
    if (!old || old.status === 'draft') {
      throw new AppError('NOT_FOUND', `Version ${target} was never published`, [
        { path: 'version', message: 'no such published version' },
      ]);
    }
    if (old.status === 'published') {
      throw new AppError('CONFLICT', `Version ${target} is already the published version`, [
        { path: 'version', message: 'already published' },
      ]);
    }
    // Written by an earlier release of a kind, it may no longer validate: say so, do not publish it.
    const issues = ruleSetIssues(kind, old.body);
    if (issues.length > 0) throw refuse(issues);
    const version = await nextVersion(tx, actor.tenantId, storeId, kind);
    await bumpDraft(tx, actor.tenantId, storeId, kind, version + 1);
    await archivePublished(tx, actor.tenantId, storeId, kind);
    const [row] = await tx<{ id: string }[]>`
      insert into rule_sets (tenant_id, store_id, kind, version, status, body, author_user_id,
        copied_from_version, published_at)
      values (${actor.tenantId}, ${storeId}, ${kind}, ${version}, 'published',
        ${tx.json(old.body as Parameters<typeof tx.json>[0])}, ${actor.kind === 'user' ? actor.userId : null},
        ${target}, now())
      returning id`;
    await afterPublish(tx, actor.tenantId, storeId, kind);
    await recordAudit(
      tx,
      actor,
      {
        action: 'ruleSet.rollback',
        entity: 'ruleSet',
        entityId: row?.id,
        storeId,
        details: { kind, version, copiedFromVersion: target },
      },
      requestId,
    );
    const published = await findVersion(tx, actor.tenantId, storeId, kind, { version });
    if (!published) throw new Error('rolled-back version vanished');
    return published;
  });
}
