import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import type { PeopleFacets } from './api';
import { useFacetLabel } from './facet-labels';
import { activeFilters, type FacetKey, type PeopleFilters } from './filters';

const TITLES: Record<FacetKey | 'role', MessageKey> = {
  status: 'people.facet.status',
  nationality: 'people.nationality',
  custodian: 'people.facet.custodian',
  place: 'people.facet.place',
  allegationStatus: 'people.facet.allegationStatus',
  hadHearing: 'people.facet.hadHearing',
  role: 'people.roles',
};

/** The filters in force as chips; each chip's button removes its filter. */
export function ActiveFilters({
  filters,
  facets,
  onRemove,
  onClear,
}: {
  filters: PeopleFilters;
  facets: PeopleFacets | undefined;
  onRemove(key: FacetKey | 'role'): void;
  onClear(): void;
}) {
  const { t } = useI18n();
  const labelOf = useFacetLabel();
  const active = activeFilters(filters);
  if (active.length === 0) return null;
  return (
    <div className="chips">
      <h2 className="visually-hidden">{t('people.activeFilters')}</h2>
      <ul>
        {active.map(([key, value]) => {
          const serverLabel =
            key === 'role' ? undefined : facets?.facets[key]?.find((v) => v.value === value)?.label;
          const text = `${t(TITLES[key])}: ${labelOf(key, value, serverLabel)}`;
          return (
            <li key={key} className="chip">
              <span>{text}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={t('people.removeFilter', { filter: text })}
                onClick={() => onRemove(key)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      {active.length > 1 && (
        <button type="button" className="link" onClick={onClear}>
          {t('people.clearFilters')}
        </button>
      )}
    </div>
  );
}
