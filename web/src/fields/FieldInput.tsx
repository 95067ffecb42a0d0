import type { FormValue } from '../records/form-values';
import { toForm } from '../records/form-values';
import type { FieldSpec } from '../records/schema';
import { useText } from '../records/text/use-text';
import { CountryInput } from './CountryInput';
import { EnumSelect } from './EnumSelect';
import { FieldShell } from './FieldShell';
import { fieldId, useFormState } from './form-context';
import { PartialDateInput } from './PartialDateInput';
import { ReferencePicker } from './ReferencePicker';

interface Props {
  spec: FieldSpec;
  /** where the value sits in the body, with list positions: `parties.0.role` */
  path: string;
  value: FormValue;
  onChange(value: FormValue): void;
  /** a label other than the field's own (list items) */
  label?: string;
}

const asText = (value: FormValue) => (typeof value === 'string' ? value : '');

/** The widget a field's description calls for; nested objects and lists recurse. */
export function FieldInput({ spec, path, value, onChange, label }: Props) {
  const text = useText();
  const name = label ?? text.fieldName(spec.name);
  const common = { path, label: name, required: spec.required };
  switch (spec.kind) {
    case 'enum':
      return (
        <EnumSelect {...common} options={spec.options} value={asText(value)} onChange={onChange} />
      );
    case 'partialDate':
      return <PartialDateInput {...common} value={asText(value)} onChange={onChange} />;
    case 'country':
      return <CountryInput {...common} value={asText(value)} onChange={onChange} />;
    case 'reference':
      return (
        <ReferencePicker
          {...common}
          target={spec.target}
          value={asText(value)}
          onChange={onChange}
        />
      );
    case 'list':
      return (
        <ListInput
          spec={spec}
          item={spec.item}
          path={path}
          label={name}
          value={value}
          onChange={onChange}
        />
      );
    case 'object':
      return (
        <ObjectInput
          spec={spec}
          fields={spec.fields}
          path={path}
          label={name}
          value={value}
          onChange={onChange}
        />
      );
    case 'boolean':
      return (
        <EnumSelect
          {...common}
          options={['true', 'false']}
          value={asText(value)}
          onChange={onChange}
        />
      );
    default:
      return (
        <FieldShell {...common} hint={spec.kind === 'id' ? text.t('field.idHint') : undefined}>
          {(control) =>
            spec.kind === 'longtext' ? (
              <textarea
                {...control}
                rows={4}
                value={asText(value)}
                onChange={(e) => onChange(e.target.value)}
              />
            ) : (
              <input
                {...control}
                type={
                  spec.kind === 'url' ? 'url' : spec.kind === 'dateTime' ? 'datetime-local' : 'text'
                }
                inputMode={
                  spec.kind === 'integer' || spec.kind === 'number' ? 'decimal' : undefined
                }
                autoComplete="off"
                value={asText(value)}
                onChange={(e) => onChange(e.target.value)}
              />
            )
          }
        </FieldShell>
      );
  }
}

function ObjectInput({
  fields,
  path,
  label,
  value,
  onChange,
}: {
  spec: FieldSpec;
  fields: FieldSpec[];
  path: string;
  label: string;
  value: FormValue;
  onChange(value: FormValue): void;
}) {
  const { errors } = useFormState();
  const object = (typeof value === 'object' && !Array.isArray(value) ? value : {}) as Record<
    string,
    FormValue
  >;
  return (
    <fieldset className="group">
      <legend>{label}</legend>
      {errors[path] && <p className="field-error">{errors[path]}</p>}
      {fields.map((field) => (
        <FieldInput
          key={field.name}
          spec={field}
          path={`${path}.${field.name}`}
          value={object[field.name] ?? ''}
          onChange={(next) => onChange({ ...object, [field.name]: next })}
        />
      ))}
    </fieldset>
  );
}

function ListInput({
  item,
  path,
  label,
  value,
  onChange,
}: {
  spec: FieldSpec;
  item: FieldSpec;
  path: string;
  label: string;
  value: FormValue;
  onChange(value: FormValue): void;
}) {
  const { t } = useText();
  const { idPrefix, errors } = useFormState();
  const items = Array.isArray(value) ? value : [];
  const addId = fieldId(idPrefix, `${path}-add`);
  return (
    <fieldset className="group list">
      <legend>{label}</legend>
      {errors[path] && <p className="field-error">{errors[path]}</p>}
      {items.map((entry, index) => {
        const number = index + 1;
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: a row is its position; rows carry no id
          <div className="list-row" key={index}>
            <FieldInput
              spec={item}
              path={`${path}.${index}`}
              label={t('field.item', { name: label, number })}
              value={entry}
              onChange={(next) => onChange(items.map((old, i) => (i === index ? next : old)))}
            />
            <button
              type="button"
              className="secondary small"
              aria-label={t('field.removeItem', { name: label, number })}
              onClick={() => onChange(items.filter((_, i) => i !== index))}
            >
              {t('field.remove')}
            </button>
          </div>
        );
      })}
      <button
        id={addId}
        type="button"
        className="secondary small"
        onClick={() => onChange([...items, toForm(item, undefined)])}
      >
        {t('field.addItem', { name: label })}
      </button>
    </fieldset>
  );
}
