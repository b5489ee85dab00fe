/** A place in a rule-set document: keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

export type RuleSetIssueCode =
  | 'TOO_LARGE'
  | 'TOO_DEEP'
  | 'NOT_JSON'
  | 'FORBIDDEN_KEY'
  | 'UNKNOWN_KIND'
  | 'UNKNOWN_FACT'
  | 'UNKNOWN_OPERATOR'
  | 'INVALID_PATH'
  | 'INVALID_VALUE'
  | 'INVALID_CONDITION'
  | 'DUPLICATE_RULE_ID'
  | 'INVALID_RULE_SET';

/** One reason a rule set is rejected, pointing at the offending place. */
export interface RuleSetIssue {
  code: RuleSetIssueCode;
  /** e.g. `rules[3].conditions.all[0].operator`; empty for the document itself. */
  path: string;
  message: string;
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way an admin reads it in the editor: `rules[3].conditions.all[0]`. */
export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (identifier.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

export function issue(code: RuleSetIssueCode, path: JsonPath, message: string): RuleSetIssue {
  return { code, path: formatJsonPath(path), message };
}

/** Thrown where a caller needs a valid rule set and got an invalid one (compile, explain). */
export class InvalidRuleSetError extends Error {
  override readonly name = 'InvalidRuleSetError';
  readonly issues: readonly RuleSetIssue[];

  constructor(issues: readonly RuleSetIssue[]) {
    const first = issues[0];
    super(
      first
        ? `Invalid rule set: ${first.path ? `${first.path}: ` : ''}${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`
        : 'Invalid rule set',
    );
    this.issues = issues;
  }
}
