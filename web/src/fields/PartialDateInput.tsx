import { useText } from '../records/text/use-text';
import { FieldShell } from './FieldShell';
import { looksLikePartialDate } from './partial-date';

/** A partial date typed as people know it, with its meaning read back in the reader's language. */
export function PartialDateInput({
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
  const { t, partialDate } = useText();
  const trimmed = value.trim();
  const extra =
    trimmed === ''
      ? undefined
      : looksLikePartialDate(trimmed)
        ? t('field.partialDateMeans', { meaning: partialDate(trimmed.replaceAll('..', '')) })
        : t('field.partialDateBad');
  return (
    <FieldShell
      path={path}
      label={label}
      required={required}
      hint={t('field.partialDateHint')}
      extra={extra}
    >
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </FieldShell>
  );
}
