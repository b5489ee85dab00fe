import { z } from 'zod';
import { conditionSchemas, type TopLevelCondition } from './conditions.ts';
import type { RuleFiring } from './firing.ts';
import { ruleSetLimits } from './limits.ts';
import { operatorsFor } from './operators/catalogue.ts';
import type { DomainOperator } from './operators/operator.ts';

/** Event type → zod schema of its params. */
export type EventSchemas = Record<string, z.ZodObject>;

/** The event of a rule, typed by the kind's event schemas. */
export type RuleEvent<Events extends EventSchemas> = {
  [Type in keyof Events & string]: { type: Type; params: z.output<Events[Type]> };
}[keyof Events & string];

export interface Rule<Events extends EventSchemas> {
  /** Stable id, unique in the rule set; decisions cite it. */
  id: string;
  /** What the rule does, in the admin's words. */
  name: string;
  /** json-rules-engine's priority: higher runs (and wins) first; 1 when absent. */
  priority?: number | undefined;
  conditions: TopLevelCondition;
  event: RuleEvent<Events>;
}

export type RuleSetBody<Name extends string, Events extends EventSchemas, Settings extends z.ZodRawShape> = {
  kind: Name;
  rules: Rule<Events>[];
} & SettingsOf<Settings>;

/** Kind-specific settings beside `rules`; all required, so a saved body reads the same back. */
export type SettingsOf<Settings extends z.ZodRawShape> = { [Key in keyof Settings]: z.output<Settings[Key]> };

export type FiringOf<Events extends EventSchemas> = {
  [Type in keyof Events & string]: RuleFiring<Type, z.output<Events[Type]>>;
}[keyof Events & string];

export interface DecideInput<Facts, Events extends EventSchemas, Body> {
  /** The rules that fired, priority high to low, then in written order. */
  firings: readonly FiringOf<Events>[];
  facts: Facts;
  ruleSet: Body;
  /** The caller's `now`: the event's time, or the scan's date. */
  now: string;
}

/**
 * A rule-kind plugin: everything the engine needs to know about one kind of store rule.
 * Adding a kind is one file exporting `defineRuleKind({...})` and one line in `registry.ts`.
 */
export interface RuleKind<
  Name extends string,
  FactsSchema extends z.ZodObject,
  Events extends EventSchemas,
  Settings extends z.ZodRawShape,
  Decision,
> {
  readonly name: Name;
  /** zh-CN label for the editor. */
  readonly title: string;
  readonly description: string;
  /** The facts this kind reads: each top-level key is a fact name rules may use. */
  readonly factsSchema: FactsSchema;
  readonly eventSchemas: Events;
  /** The whole rule-set body (`{ kind, rules, …settings }`). */
  readonly ruleSetSchema: z.ZodType<RuleSetBody<Name, Events, Settings>>;
  /** Operators this kind adds beyond json-rules-engine's and the shared domain ones. */
  readonly operators: readonly DomainOperator[];
  /** Turns the fired events into the kind's typed decision. */
  decide(input: DecideInput<z.output<FactsSchema>, Events, RuleSetBody<Name, Events, Settings>>): Decision;
  /** The default rule set, from domain.md. */
  readonly defaults: RuleSetBody<Name, Events, Settings>;
}

/** Any kind, with its types erased: what the registry, validator and compiler work with. */
export interface AnyRuleKind {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly factsSchema: z.ZodObject;
  readonly eventSchemas: EventSchemas;
  readonly ruleSetSchema: z.ZodType;
  readonly operators: readonly DomainOperator[];
  decide(input: { firings: readonly RuleFiring[]; facts: unknown; ruleSet: unknown; now: string }): unknown;
  readonly defaults: unknown;
}

export interface RuleKindDefinition<
  Name extends string,
  FactsSchema extends z.ZodObject,
  Events extends EventSchemas,
  Settings extends z.ZodRawShape,
  Decision,
> {
  name: Name;
  title: string;
  description: string;
  facts: FactsSchema;
  events: Events;
  settings: Settings;
  operators?: readonly DomainOperator[];
  /** Checks across the body that a schema of one field cannot express (e.g. template variables). */
  refine?: (body: RuleSetBody<Name, Events, Settings>, context: z.RefinementCtx) => void;
  decide(input: DecideInput<z.output<FactsSchema>, Events, RuleSetBody<Name, Events, Settings>>): Decision;
  defaults: RuleSetBody<Name, Events, Settings>;
}

const ruleId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'A rule id is lower-case letters, digits and dashes, at most 64.');

export function defineRuleKind<
  Name extends string,
  FactsSchema extends z.ZodObject,
  Events extends EventSchemas,
  Settings extends z.ZodRawShape,
  Decision,
>(
  definition: RuleKindDefinition<Name, FactsSchema, Events, Settings, Decision>,
): RuleKind<Name, FactsSchema, Events, Settings, Decision> {
  const operators = definition.operators ?? [];
  const factNames = Object.keys(definition.facts.shape);
  for (const fact of factNames) {
    // Fact names must never collide with what every object inherits.
    if (fact in Object.prototype) throw new Error(`Fact name "${fact}" is reserved`);
  }
  const operatorNames = [...operatorsFor(operators).keys()];
  const [firstFact, ...otherFacts] = factNames;
  const [firstOperator, ...otherOperators] = operatorNames;
  if (firstFact === undefined || firstOperator === undefined)
    throw new Error(`Kind ${definition.name} has no facts`);
  const { topLevel } = conditionSchemas([firstFact, ...otherFacts], [firstOperator, ...otherOperators]);

  const eventOptions = Object.entries(definition.events).map(([type, params]) =>
    z.object({ type: z.literal(type), params }).strict(),
  );
  const [firstEvent, ...otherEvents] = eventOptions;
  if (firstEvent === undefined) throw new Error(`Kind ${definition.name} has no events`);
  const event = z.discriminatedUnion('type', [firstEvent, ...otherEvents]);

  const rule = z
    .object({
      id: ruleId,
      name: z.string().min(1).max(200),
      priority: z.number().int().min(1).max(10_000).optional(),
      conditions: topLevel,
      event,
    })
    .strict();

  const body = z
    .object({
      kind: z.literal(definition.name),
      rules: z.array(rule).max(ruleSetLimits.maxRules),
      ...definition.settings,
    })
    .strict();
  const refine = definition.refine;
  const refined = refine
    ? body.superRefine((value, context) => refine(value as RuleSetBody<Name, Events, Settings>, context))
    : body;

  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    factsSchema: definition.facts,
    eventSchemas: definition.events,
    // The runtime schema is built from the same parts as the static type; zod cannot infer
    // a union from a record of event schemas, so the type is stated here once.
    ruleSetSchema: refined as unknown as z.ZodType<RuleSetBody<Name, Events, Settings>>,
    operators,
    decide: definition.decide,
    defaults: definition.defaults,
  };
}
