/**
 * Domain errors are values with a home: services throw these, and exactly one HTTP plugin (and
 * one CLI handler) maps them to a response. No service knows about status codes.
 */
export interface FieldIssue {
  /** dotted path of the offending field, e.g. `occurredAt` or `identifiers.0.value` */
  field: string;
  /** a sentence a person can act on */
  reason: string;
  /** a stable machine-readable code */
  code: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** Also used for records the caller may not see: a denied record looks exactly like a missing one. */
export class NotFound extends DomainError {
  readonly code = 'not_found';
  constructor(readonly what: string) {
    super(`${what} not found`);
  }
}

export class Forbidden extends DomainError {
  readonly code: string = 'forbidden';
}

/** Signed in with a one-time password: nothing but changing it is allowed until then. */
export class PasswordChangeRequired extends Forbidden {
  override readonly code = 'password_change_required';
}

export class Conflict extends DomainError {
  readonly code = 'conflict';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** Input that is well-formed but breaks a rule; `issues` names every bad field, not just the first. */
export class Invalid extends DomainError {
  readonly code = 'invalid';
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.reason}`).join('; '));
  }
}

/** Stored data failed an integrity check (e.g. an attachment whose bytes no longer match its hash). */
export class IntegrityError extends DomainError {
  readonly code = 'integrity_error';
}

/** A file whose content is not of a kind we accept, or not what it claims to be. */
export class UnsupportedMedia extends DomainError {
  readonly code = 'unsupported_media_type';
}

/** A part the request needs (the PDF renderer, say) is missing or down; `code` names which. */
export class Unavailable extends DomainError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** No valid credentials: the caller must sign in. Says nothing about which part was wrong. */
export class Unauthenticated extends DomainError {
  readonly code = 'unauthenticated';
}
