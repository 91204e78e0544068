import type { ConsultationErrorBody, ConsultationErrorCode } from '../../shared/consultation.js';
import type { Issue } from '../../shared/issues.js';

/** A refusal of the consultation routes, with its HTTP status. */
export class ConsultationError extends Error {
  constructor(
    readonly code: ConsultationErrorCode,
    message: string,
    readonly issues?: Issue[],
  ) {
    super(message);
    this.name = 'ConsultationError';
  }

  get status(): number {
    switch (this.code) {
      case 'invalid':
        return 400;
      case 'unauthorized':
        return 401;
      case 'forbidden':
        return 403;
      case 'not_found':
        return 404;
      case 'closed':
      case 'not_open':
      case 'invalid_state':
      case 'conflict':
        return 409;
      case 'rate_limited':
        return 429;
      case 'unavailable':
        return 503;
      default:
        return 500;
    }
  }

  toBody(): ConsultationErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}
