import { useId } from 'react';
import { useText } from '../records/text/use-text';
import { countries, countryLabel } from './countries';
import { FieldShell } from './FieldShell';

/** An ISO country code, offered from the browser's own list and named back as it is typed. */
export function CountryInput({
  path,
  label,
  required,
  value,
  onChange,
}: {
  path: string;
  label: string;
  required?: boolean;
  value: string;
  onChange(value: string): void;
}) {
  const { t, language } = useText();
  const listId = useId();
  const code = value.trim();
  const extra =
    code === '' ? undefined : (countryLabel(code, language) ?? t('field.countryUnknown'));
  return (
    <FieldShell
      path={path}
      label={label}
      required={required}
      hint={t('field.countryHint')}
      extra={extra}
    >
      {(control) => (
        <>
          <input
            {...control}
            type="text"
            className="short"
            maxLength={2}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            list={listId}
            value={value}
            onChange={(event) => onChange(event.target.value.toUpperCase())}
          />
          <datalist id={listId}>
            {countries(language).map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </datalist>
        </>
      )}
    </FieldShell>
  );
}
