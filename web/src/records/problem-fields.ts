import { ApiError } from '../api/client';

export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * The bad fields an API error names, by their path in the body (`parties.0.role`). A whole-body
 * error names no field and is shown in the summary only.
 */
export function problemFields(error: unknown): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return (error.problem?.errors ?? [])
    .filter((e) => e.in === undefined || e.in === 'body')
    .map((e) => ({ field: e.field.replace(/^body\./, ''), reason: e.reason }));
}

export function problemMessage(error: unknown): string {
  if (error instanceof ApiError)
    return error.problem?.detail ?? error.problem?.title ?? error.message;
  return (error as Error).message;
}
