import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { countryLabel } from '../fields/countries';
import { referenceLabel } from './api';
import type { Slug } from './catalog';
import type { FieldSpec } from './schema';
import { useText } from './text/use-text';

/** A link to a referenced record, named by its label once known. */
export function RecordLink({ slug, id }: { slug: Slug; id: string }) {
  const [label, setLabel] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void referenceLabel(slug, id).then((text) => current && setLabel(text));
    return () => {
      current = false;
    };
  }, [slug, id]);
  return <Link href={`/${slug}/${id}`}>{label ?? id}</Link>;
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

/** A field's value as a reader wants it: names not codes, dates in words, references as links. */
export function FieldValue({ spec, value }: { spec: FieldSpec; value: unknown }) {
  const text = useText();
  if (isEmpty(value)) return <span className="empty">—</span>;
  switch (spec.kind) {
    case 'enum':
      return <>{text.valueName(String(value))}</>;
    case 'boolean':
      return <>{value ? text.t('records.yes') : text.t('records.no')}</>;
    case 'partialDate':
      return <>{text.partialDate(String(value))}</>;
    case 'dateTime':
      return <>{text.dateTime(String(value))}</>;
    case 'country':
      return <>{countryLabel(String(value), text.language) ?? String(value)}</>;
    case 'number':
    case 'integer':
      return <>{typeof value === 'number' ? text.number(value) : String(value)}</>;
    case 'url':
      return (
        <a href={String(value)} rel="noreferrer noopener" target="_blank">
          {String(value)}
        </a>
      );
    case 'reference':
      return <RecordLink slug={spec.target} id={String(value)} />;
    case 'list': {
      const items = value as unknown[];
      if (spec.item.kind === 'object') {
        return (
          <ol className="value-list">
            {items.map((item, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: items are shown in order
              <li key={index}>
                <FieldValue spec={spec.item} value={item} />
              </li>
            ))}
          </ol>
        );
      }
      return (
        <span className="value-inline">
          {items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: items are shown in order
            <span key={index}>
              {index > 0 && ', '}
              <FieldValue spec={spec.item} value={item} />
            </span>
          ))}
        </span>
      );
    }
    case 'object': {
      const object = value as Record<string, unknown>;
      const shown = spec.fields.filter((f) => !isEmpty(object[f.name]));
      return (
        <dl className="value-object">
          {shown.map((field) => (
            <div key={field.name}>
              <dt>{text.fieldName(field.name)}</dt>
              <dd>
                <FieldValue spec={field} value={object[field.name]} />
              </dd>
            </div>
          ))}
        </dl>
      );
    }
    default:
      return <span className="pre-line">{String(value)}</span>;
  }
}
