import { useId } from 'react';
import { ApiError } from '../api/client';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import type { Loaded } from '../use-load';
import type { FacetValue, PeopleFacets } from './api';
import { useFacetLabel } from './facet-labels';
import { FACET_KEYS, type FacetKey, type PeopleFilters } from './filters';

const FACET_TITLES: Record<FacetKey | 'role', MessageKey> = {
  status: 'people.facet.status',
  nationality: 'people.nationality',
  custodian: 'people.facet.custodian',
  place: 'people.facet.place',
  allegationStatus: 'people.facet.allegationStatus',
  hadHearing: 'people.facet.hadHearing',
  role: 'people.roles',
};

/** Few values: radio buttons show every count at a glance. Many values: a select. */
const AS_RADIOS: readonly FacetKey[] = ['status', 'allegationStatus', 'hadHearing'];

const ROLES = [
  'detained',
  'official',
  'judge',
  'lawyer',
  'witness',
  'relative',
  'journalist',
  'other',
] as const;

interface Props {
  filters: PeopleFilters;
  facets: Loaded<PeopleFacets>;
  /** nationalities of the people loaded so far: the choice offered when counts are unavailable */
  seenNationalities: string[];
  onChange(key: FacetKey | 'role', value: string | undefined): void;
}

/**
 * The filter panel: every facet with its counts under the other filters. A `<details>` element,
 * so at phone width it folds away behind one keyboard-reachable summary.
 */
export function FacetPanel({ filters, facets, seenNationalities, onChange }: Props) {
  const { t } = useI18n();
  const id = useId();
  const activeCount = Object.keys(filters.values).length;
  const unavailable =
    facets.state === 'error' && facets.error instanceof ApiError && facets.error.status === 404;
  const counts = facets.state === 'done' ? facets.data.facets : undefined;
  const wide = typeof matchMedia === 'function' && matchMedia('(min-width: 48rem)').matches;

  return (
    <details className="facets" open={wide}>
      <summary>
        {t('people.filters')}
        {activeCount > 0 && ` (${t('people.filtersActive', { count: activeCount })})`}
      </summary>
      {unavailable && <p className="hint">{t('people.facetsUnavailable')}</p>}
      {facets.state === 'error' && !unavailable && (
        <p role="alert" className="error">
          {t('common.error', { message: facets.error.message })}
        </p>
      )}
      {FACET_KEYS.map((key) => {
        const values = counts?.[key];
        if (AS_RADIOS.includes(key)) {
          if (!values) return null;
          return (
            <RadioFacet
              key={key}
              name={`${id}-${key}`}
              facet={key}
              title={t(FACET_TITLES[key])}
              values={values}
              selected={filters.values[key]}
              onChange={(value) => onChange(key, value)}
            />
          );
        }
        const options: FacetValue[] =
          values ??
          (key === 'nationality' ? seenNationalities.map((value) => ({ value, count: -1 })) : []);
        if (options.length === 0 && !filters.values[key]) return null;
        return (
          <SelectFacet
            key={key}
            id={`${id}-${key}`}
            facet={key}
            title={t(FACET_TITLES[key])}
            values={options}
            selected={filters.values[key]}
            onChange={(value) => onChange(key, value)}
          />
        );
      })}
      <div className="field">
        <label htmlFor={`${id}-role`}>{t(FACET_TITLES.role)}</label>
        <select
          id={`${id}-role`}
          value={filters.values.role ?? ''}
          onChange={(e) => onChange('role', e.target.value || undefined)}
        >
          <option value="">{t('people.any')}</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
    </details>
  );
}

function withCount(text: string, count: number, language: string) {
  return count < 0 ? text : `${text} (${new Intl.NumberFormat(language).format(count)})`;
}

function SelectFacet(props: {
  id: string;
  facet: FacetKey;
  title: string;
  values: FacetValue[];
  selected: string | undefined;
  onChange(value: string | undefined): void;
}) {
  const { t, language } = useI18n();
  const labelOf = useFacetLabel();
  const { id, facet, title, values, selected } = props;
  // a value chosen elsewhere (a shared link) stays selectable even when it counts nothing now
  const shown =
    selected && !values.some((v) => v.value === selected)
      ? [...values, { value: selected, count: 0 }]
      : values;
  return (
    <div className="field">
      <label htmlFor={id}>{title}</label>
      <select
        id={id}
        value={selected ?? ''}
        onChange={(e) => props.onChange(e.target.value || undefined)}
      >
        <option value="">{t('people.any')}</option>
        {shown.map((v) => (
          <option key={v.value} value={v.value}>
            {withCount(labelOf(facet, v.value, v.label), v.count, language)}
          </option>
        ))}
      </select>
    </div>
  );
}

function RadioFacet(props: {
  name: string;
  facet: FacetKey;
  title: string;
  values: FacetValue[];
  selected: string | undefined;
  onChange(value: string | undefined): void;
}) {
  const { t, language } = useI18n();
  const labelOf = useFacetLabel();
  const { name, facet, title, values, selected } = props;
  return (
    <fieldset className="facet">
      <legend>{title}</legend>
      <label>
        <input
          type="radio"
          name={name}
          checked={!selected}
          onChange={() => props.onChange(undefined)}
        />
        {t('people.any')}
      </label>
      {values.map((v) => (
        <label key={v.value}>
          <input
            type="radio"
            name={name}
            value={v.value}
            checked={selected === v.value}
            onChange={() => props.onChange(v.value)}
          />
          {withCount(labelOf(facet, v.value, v.label), v.count, language)}
        </label>
      ))}
    </fieldset>
  );
}
