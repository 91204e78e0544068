/**
 * Stable codes for what is wrong with one field. Clients translate them (the
 * message beside them is English, for logs and people reading the API); the
 * codes and their `limit` never change meaning.
 */
export const ISSUE_CODES = [
  /** Text that is empty after trimming. */
  'empty',
  /** Text longer than `limit` characters. */
  'too_long',
  /** A number below `limit`. */
  'too_small',
  /** A number above `limit`. */
  'too_big',
  /** A list with more than `limit` entries. */
  'too_many',
  /** A list with fewer than `limit` entries. */
  'too_few',
  /** Not a whole number. */
  'not_integer',
  /** Missing, or of the wrong kind (text where a number belongs). */
  'wrong_type',
  /** Not one of the allowed values. */
  'not_allowed',
  /** Not a date and time with a UTC offset (ISO 8601). */
  'not_datetime',
  /** Not an http(s) address. */
  'not_url',
  /** Not an IANA time zone. */
  'not_time_zone',
  /** An end that is not after the start. */
  'ends_before_start',
  /** A field the request may not carry. */
  'unknown_field',
  /** Anything else wrong with the value. */
  'invalid',
] as const;
export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem in a request, from zod issues: where, what (a stable code), and in English. */
export interface Issue {
  /** Dotted path of the field: "venue.name", "agenda.2.minutes". */
  path: string;
  code: IssueCode;
  /** The bound that was broken (characters, entries, minutes), when there is one. */
  limit?: number;
  message: string;
}

/** The parts of a zod issue this module reads; every zod 4 issue fits it. */
interface ZodIssueLike {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly format?: string;
  readonly expected?: string;
  readonly params?: Record<string, unknown>;
}

function limitOf(value: number | bigint | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

/** One zod issue as a stable code, plus the bound it broke when there is one. */
export function issueCode(issue: ZodIssueLike): { code: IssueCode; limit?: number } {
  switch (issue.code) {
    case 'too_small': {
      const limit = limitOf(issue.minimum);
      if (issue.origin === 'string')
        return limit === 1 ? { code: 'empty' } : { code: 'too_small', ...(limit === undefined ? {} : { limit }) };
      if (issue.origin === 'array') return { code: 'too_few', ...(limit === undefined ? {} : { limit }) };
      return { code: 'too_small', ...(limit === undefined ? {} : { limit }) };
    }
    case 'too_big': {
      const limit = limitOf(issue.maximum);
      const code: IssueCode = issue.origin === 'string' ? 'too_long' : issue.origin === 'array' ? 'too_many' : 'too_big';
      return { code, ...(limit === undefined ? {} : { limit }) };
    }
    case 'invalid_type':
      return { code: issue.expected === 'int' ? 'not_integer' : 'wrong_type' };
    case 'invalid_value':
      return { code: 'not_allowed' };
    case 'invalid_format':
      return { code: issue.format === 'datetime' ? 'not_datetime' : issue.format === 'url' ? 'not_url' : 'invalid' };
    case 'unrecognized_keys':
      return { code: 'unknown_field' };
    case 'custom': {
      const named = issue.params?.code;
      return {
        code: typeof named === 'string' && (ISSUE_CODES as readonly string[]).includes(named) ? (named as IssueCode) : 'invalid',
      };
    }
    default:
      return { code: 'invalid' };
  }
}

/** zod issues as they travel: a dotted path ("agenda.2.minutes"), the stable code, the bound, the English message. */
export function toIssues(issues: readonly ZodIssueLike[]): Issue[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), ...issueCode(issue), message: issue.message }));
}
