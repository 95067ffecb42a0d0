import { useText } from '../records/text/use-text';
import { FieldShell } from './FieldShell';

/** One value of an OpenAPI enum, each labelled in the reader's language. */
export function EnumSelect({
  path,
  label,
  required,
  options,
  value,
  onChange,
}: {
  path: string;
  label: string;
  required?: boolean;
  options: string[];
  value: string;
  onChange(value: string): void;
}) {
  const { t, valueName } = useText();
  return (
    <FieldShell path={path} label={label} required={required}>
      {(control) => (
        <select {...control} value={value} onChange={(event) => onChange(event.target.value)}>
          <option value="">{required ? t('field.choose') : '—'}</option>
          {options.map((option) => (
            <option key={option} value={option}>
              {valueName(option)}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}
