import type { Issue } from './issues.js';

export type { Issue } from './issues.js';

/**
 * Error codes that travel to clients in acks and HTTP bodies. Clients switch on
 * the code; the message is for people and may change.
 */
export const ErrorCode = {
  /** The command or body is malformed, unknown, or out of bounds. */
  invalid: 'invalid',
  /** The caller's role may not do this. */
  forbidden: 'forbidden',
  /** Missing or wrong moderator key or participant token. */
  unauthorized: 'unauthorized',
  /** The meeting, item or entry does not exist. */
  notFound: 'not_found',
  /** The command named a state that is no longer current (a stale expectation); resync and retry. */
  conflict: 'conflict',
  /** The command is well formed but not allowed in the meeting's current state. */
  invalidState: 'invalid_state',
  /** Too many commands or requests in a short time (HTTP 429 with Retry-After). */
  rateLimited: 'rate_limited',
  /** A browser page of another site (its `Origin` is not allowed) tried to connect or change something. */
  forbiddenOrigin: 'forbidden_origin',
  /** The store cannot be reached; the command was not applied and may be retried with the same id. */
  unavailable: 'unavailable',
  /** Anything unexpected; details stay in the server log. */
  internal: 'internal',
  /** `meeting.undo` came after the ten seconds an action can be undone (server clock). */
  undoExpired: 'undo_expired',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: Issue[];
}

/** A refusal decided by a reducer or the gateway; never a crash. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toBody(): ErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
