import { Link } from 'wouter';
import { ScrollRegion } from '../components/ScrollRegion';
import { Status } from '../components/Status';
import { countryName, formatPartialDate, personName } from '../format';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import type { Sort } from './filters';
import type { usePagedPeople } from './use-paged-people';

const COLUMNS: { key: 'name' | 'birthDate' | 'updatedAt'; label: MessageKey }[] = [
  { key: 'name', label: 'people.name' },
  { key: 'birthDate', label: 'people.born' },
  { key: 'updatedAt', label: 'people.updated' },
];

/** The list itself: sortable column headers (aria-sort), one row per person, "load more". */
export function PeopleTable({
  people,
  sort,
  onSort,
}: {
  people: ReturnType<typeof usePagedPeople>;
  sort: Sort;
  onSort(sort: Sort): void;
}) {
  const { t, language, label } = useI18n();
  const sortState = (key: string) =>
    sort === key ? 'ascending' : sort === `-${key}` ? 'descending' : 'none';
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });

  return (
    <Status loaded={people.first}>
      {() =>
        people.items.length === 0 ? null : (
          <>
            <ScrollRegion label={t('people.title')}>
              <table className="people">
                <thead>
                  <tr>
                    {COLUMNS.map((column) => (
                      <th key={column.key} scope="col" aria-sort={sortState(column.key)}>
                        <button
                          type="button"
                          className="sort"
                          onClick={() =>
                            onSort((sort === column.key ? `-${column.key}` : column.key) as Sort)
                          }
                        >
                          {t(column.label)}
                          <span aria-hidden="true">
                            {sort === column.key ? ' ▲' : sort === `-${column.key}` ? ' ▼' : ''}
                          </span>
                        </button>
                      </th>
                    ))}
                    <th scope="col">{t('people.nationality')}</th>
                    <th scope="col">{t('people.roles')}</th>
                  </tr>
                </thead>
                <tbody>
                  {people.items.map((person) => (
                    <tr key={person.id}>
                      <th scope="row">
                        <Link href={`/people/${person.id}`}>{personName(person)}</Link>
                      </th>
                      <td>
                        {person.birthDate ? formatPartialDate(person.birthDate, language, t) : ''}
                      </td>
                      <td>{dateFormat.format(new Date(person.updatedAt))}</td>
                      <td>
                        {(person.nationalities ?? [])
                          .map((code) => countryName(code, language))
                          .join(', ')}
                      </td>
                      <td>{(person.roles ?? []).map((role) => label('role', role)).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
            {people.moreError && (
              <p role="alert" className="error">
                {t('common.error', { message: people.moreError.message })}
              </p>
            )}
            {people.nextCursor && (
              <p>
                <button
                  type="button"
                  className="secondary"
                  disabled={people.loadingMore}
                  onClick={() => void people.loadMore()}
                >
                  {people.loadingMore ? t('common.loading') : t('people.more')}
                </button>
              </p>
            )}
          </>
        )
      }
    </Status>
  );
}
