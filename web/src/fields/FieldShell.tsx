import type { ReactNode } from 'react';
import { useText } from '../records/text/use-text';
import { fieldId, useFormState } from './form-context';

export interface ControlProps {
  id: string;
  'aria-invalid'?: true;
  'aria-describedby'?: string;
  'aria-required'?: true;
}

/**
 * A labelled field: its label, a hint, the control, and the API's error for it, wired with
 * `aria-describedby` and `aria-invalid` so a screen reader hears the reason with the field.
 */
export function FieldShell({
  path,
  label,
  hint,
  required,
  extra,
  children,
}: {
  path: string;
  label: string;
  hint?: ReactNode;
  required?: boolean;
  /** live feedback under the control (a parsed date, a country's name) */
  extra?: ReactNode;
  children: (control: ControlProps) => ReactNode;
}) {
  const { idPrefix, errors } = useFormState();
  const { t } = useText();
  const id = fieldId(idPrefix, path);
  const error = errors[path];
  const describedBy = [
    hint ? `${id}-hint` : '',
    extra ? `${id}-extra` : '',
    error ? `${id}-error` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> ({t('records.required')})</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {children({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy || undefined,
        'aria-required': required ? true : undefined,
      })}
      {extra && (
        <p id={`${id}-extra`} className="hint parsed" aria-live="polite">
          {extra}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
