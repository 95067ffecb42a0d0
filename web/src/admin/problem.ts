import { ApiError } from '../api/client';

/**
 * What went wrong, in words a person can act on: the API's per-field reasons ("email: must be
 * an email address") when it sent them, else its detail or title.
 */
export function problemLines(error: unknown): string[] {
  if (error instanceof ApiError) {
    const fields = (error.problem?.errors ?? []).map((issue) =>
      issue.field ? `${issue.field}: ${issue.reason}` : issue.reason,
    );
    if (fields.length > 0) return fields;
    return [error.problem?.detail ?? error.problem?.title ?? error.message];
  }
  return [(error as Error)?.message ?? String(error)];
}
