import { z } from 'zod';
import { Instant, IsoDate } from '../input/calendar.ts';

/** A rule-set body as an admin writes it; its kind's plugin validates the inside. */
export const RuleSetBody = z.record(z.string(), z.unknown()).meta({
  id: 'RuleSetBody',
  description: 'A rule set of one kind: { "kind": …, "rules": [ … ], …settings }. See GET /v1/rule-kinds.',
});
export type RuleSetBody = z.infer<typeof RuleSetBody>;

export const RuleSetStatus = z.enum(['draft', 'published', 'archived']);
export type RuleSetStatus = z.infer<typeof RuleSetStatus>;

/** One reason a rule set is refused; `path` points into the body, e.g. `rules[0].event.params.toDay`. */
export const RuleSetIssue = z
  .object({ code: z.string(), path: z.string(), message: z.string() })
  .meta({ id: 'RuleSetIssue' });
export type RuleSetIssue = z.infer<typeof RuleSetIssue>;

export const RuleSetVersion = z
  .object({
    id: z.uuid(),
    /** null: the group's default. */
    storeId: z.uuid().nullable(),
    kind: z.string(),
    version: z.number().int(),
    status: RuleSetStatus,
    body: RuleSetBody,
    authorUserId: z.uuid().nullable(),
    authorName: z.string().nullable(),
    /** Set on a rollback's copy: the version it republished. */
    copiedFromVersion: z.number().int().nullable(),
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: 'RuleSetVersion' });
export type RuleSetVersion = z.infer<typeof RuleSetVersion>;

export const RuleSetScope = z.enum(['store', 'group', 'default']);

/** What decides today for this scope and kind, and the draft being edited. */
export const RuleSetState = z
  .object({
    kind: z.string(),
    storeId: z.uuid().nullable(),
    effective: z.object({
      ruleSetId: z.uuid().nullable(),
      /** Where the deciding version comes from: the store's own, the group's default, or the built-in default. */
      scope: RuleSetScope,
      version: z.number().int(),
      body: RuleSetBody,
      publishedAt: z.iso.datetime({ offset: true }).nullable(),
    }),
    draft: RuleSetVersion.nullable(),
    /** The draft's problems (empty when it would publish). */
    draftIssues: z.array(RuleSetIssue),
  })
  .meta({ id: 'RuleSetState' });
export type RuleSetState = z.infer<typeof RuleSetState>;

export const RuleSetValidation = z
  .object({ ok: z.boolean(), issues: z.array(RuleSetIssue) })
  .meta({ id: 'RuleSetValidation' });
export type RuleSetValidation = z.infer<typeof RuleSetValidation>;

export const RollbackInput = z.object({ version: z.number().int().min(1) }).strict();
export type RollbackInput = z.infer<typeof RollbackInput>;

export const PublishInput = z
  .object({
    /** The draft's version the editor saw; refused if the draft has moved on since. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict();
export type PublishInput = z.infer<typeof PublishInput>;

const instantOrDate = z.union([Instant, IsoDate]);

export const SimulationSampleInput = z
  .object({
    label: z.string().trim().min(1).max(100),
    facts: z.record(z.string(), z.unknown()),
    /** The moment to decide at: the event's time or the scan's date; defaults to now. */
    now: instantOrDate.optional(),
  })
  .strict();

export const SimulateInput = z
  .object({
    /** The body to simulate; the saved draft when omitted. */
    body: RuleSetBody.optional(),
    /** Facts to run; the kind's built-in examples when omitted. */
    samples: z.array(SimulationSampleInput).min(1).max(50).optional(),
    /** Instead of samples: the scope's last N recorded deliveries and closed orders (callbackWindow, points). */
    recentEvents: z.number().int().min(1).max(200).optional(),
  })
  .strict()
  .refine((i) => !(i.samples && i.recentEvents), {
    path: ['recentEvents'],
    message: 'give samples or recentEvents, not both',
  });
export type SimulateInput = z.infer<typeof SimulateInput>;

export const SimulatedSample = z
  .object({
    label: z.string(),
    facts: z.record(z.string(), z.unknown()),
    now: z.string(),
    decision: z.unknown(),
    publishedDecision: z.unknown(),
    /** Whether the draft decides differently from the effective version (versions aside). */
    changed: z.boolean(),
    /** Every rule in written order: fired or not, with its conditions and the values read. */
    rules: z.array(
      z.object({
        ruleId: z.string(),
        ruleName: z.string(),
        priority: z.number(),
        fired: z.boolean(),
        event: z.object({ type: z.string(), params: z.unknown() }),
        conditions: z.unknown(),
      }),
    ),
  })
  .meta({ id: 'SimulatedSample' });

export const Simulation = z
  .object({
    kind: z.string(),
    draftVersion: z.number().int(),
    /** The version the draft is compared with: what decides today for this scope. */
    comparedWith: z.object({ scope: RuleSetScope, version: z.number().int() }),
    samples: z.array(SimulatedSample),
    changedCount: z.number().int(),
  })
  .meta({ id: 'Simulation' });
export type Simulation = z.infer<typeof Simulation>;

export const RuleKindInfo = z
  .object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    ruleSetJsonSchema: z.unknown(),
    factsJsonSchema: z.unknown(),
    defaults: RuleSetBody,
    sampleFacts: z.array(SimulationSampleInput),
  })
  .meta({ id: 'RuleKind' });
export type RuleKindInfo = z.infer<typeof RuleKindInfo>;
