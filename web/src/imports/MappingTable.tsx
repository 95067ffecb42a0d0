import { ScrollRegion } from '../components/ScrollRegion';
import { useI18n } from '../i18n/i18n';
import type { ColumnChoice, ImportPreview } from './api';

const SAMPLE_ROWS = 3;

/**
 * Each column of the file with a few sample values and the field it fills — chosen by the
 * server, changeable here to another field or to "leave out".
 */
export function MappingTable({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: ColumnChoice;
  onChange(header: string, field: string | null): void;
}) {
  const { t } = useI18n();
  const samples = preview.rows.slice(0, SAMPLE_ROWS);
  const taken = new Map<string, number>();
  for (const field of Object.values(mapping))
    if (field) taken.set(field, (taken.get(field) ?? 0) + 1);
  const how = new Map(preview.columns.map((c) => [c.column, c.how]));
  return (
    <>
      <h2>{t('import.mapping')}</h2>
      <p className="hint">{t('import.mappingHint')}</p>
      {preview.unmapped.length > 0 && (
        <p className="warn-note">
          {t('import.unmapped', { columns: preview.unmapped.join(', ') })}
        </p>
      )}
      <ScrollRegion label={t('import.mapping')}>
        <table className="mapping">
          <thead>
            <tr>
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.samples')}</th>
              <th scope="col">{t('import.field')}</th>
            </tr>
          </thead>
          <tbody>
            {preview.headers.map((header, index) => {
              const field = mapping[header] ?? null;
              const twice = field !== null && (taken.get(field) ?? 0) > 1;
              const selectId = `map-${index}`;
              return (
                <tr key={header} className={field ? undefined : 'ignored'}>
                  <th scope="row">
                    <label htmlFor={selectId}>{header}</label>
                  </th>
                  <td>
                    {samples
                      .map((row) => row.cells[header] ?? '')
                      .filter(Boolean)
                      .join(' · ') || <span className="meta">—</span>}
                  </td>
                  <td>
                    <select
                      id={selectId}
                      value={field ?? ''}
                      aria-invalid={twice || undefined}
                      onChange={(e) => onChange(header, e.target.value || null)}
                    >
                      <option value="">{t('import.ignore')}</option>
                      {preview.fields.map((f) => (
                        <option key={f.field} value={f.field}>
                          {f.field}
                        </option>
                      ))}
                    </select>
                    {field && how.get(header) === 'automatic' && (
                      <span className="badge">{t('import.automatic')}</span>
                    )}
                    {twice && <p className="field-error">{t('import.mappedTwice')}</p>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </>
  );
}
