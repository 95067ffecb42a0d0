import { countryName } from '../format';
import { useI18n } from '../i18n/i18n';
import type { FacetKey } from './filters';

/** Prefixes of the dictionary keys that name coded facet values (`state.released`). */
const CODE_PREFIXES: Partial<Record<FacetKey | 'role', string>> = {
  status: 'state',
  allegationStatus: 'allegationStatus',
  hadHearing: 'answer',
  role: 'role',
};

/**
 * The words for a facet value in the reader's language: countries by Intl, coded values by the
 * dictionary, custodians and places by the name the server sent (else their id).
 */
export function useFacetLabel() {
  const { language, label } = useI18n();
  return (facet: FacetKey | 'role', value: string, serverLabel?: string) => {
    if (facet === 'nationality') return countryName(value, language);
    const prefix = CODE_PREFIXES[facet];
    if (prefix) return label(prefix, value);
    return serverLabel ?? value;
  };
}
