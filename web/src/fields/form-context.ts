import { createContext, useContext } from 'react';

/**
 * What every widget of one form shares: a prefix for element ids (so two forms on a page never
 * clash) and the API's field errors, keyed by the path the API names (`parties.0.role`).
 */
export interface FormState {
  idPrefix: string;
  errors: Record<string, string>;
}

export const FormContext = createContext<FormState>({ idPrefix: 'form', errors: {} });

export function useFormState() {
  return useContext(FormContext);
}

/** A stable, valid element id for a field path. */
export function fieldId(prefix: string, path: string) {
  return `${prefix}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
