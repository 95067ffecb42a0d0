import { Link } from 'wouter';
import { ScrollRegion } from '../components/ScrollRegion';
import { useI18n } from '../i18n/i18n';
import type { ImportReport } from './api';

/** What an import did (or, dry, would do), and every problem by row, column and reason. */
export function ReportView({
  report,
  dryRun,
  title,
}: {
  report: ImportReport;
  dryRun: boolean;
  title: string;
}) {
  const { t, language } = useI18n();
  const number = new Intl.NumberFormat(language);
  const counts: [string, number][] = [
    [t('import.count.rows'), report.rows],
    [t('import.count.created'), report.created],
    [t('import.count.updated'), report.updated],
    [t('import.count.unchanged'), report.unchanged],
    [t('import.count.skipped'), report.skipped],
    [t('import.count.refused'), report.refused],
  ];
  return (
    <section className="report" aria-labelledby="import-report">
      <h2 id="import-report">{title}</h2>
      {dryRun && <p className="hint">{t('import.dryRunNote')}</p>}
      <dl className="counts">
        {counts.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{number.format(value)}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('import.problems', { count: number.format(report.problemCount) })}</h3>
      {report.problemCount > report.problems.length && (
        <p className="hint">
          {t('import.problemsFirst', { shown: number.format(report.problems.length) })}
        </p>
      )}
      {report.problems.length === 0 ? (
        <p>{t('import.noProblems')}</p>
      ) : (
        <ScrollRegion label={t('import.problems', { count: report.problems.length })}>
          <table className="problems">
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.column')}</th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {report.problems.map((problem, index) => (
                // several problems can share a row and column: the index keeps keys apart
                // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id of their own
                <tr key={index}>
                  <th scope="row">{number.format(problem.row)}</th>
                  <td>{problem.column}</td>
                  <td>{problem.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {report.warnings.length > 0 && (
        <>
          <h3>{t('import.warnings', { count: number.format(report.warnings.length) })}</h3>
          <ul>
            {report.warnings.map((warning, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: warnings have no id of their own
              <li key={index}>
                {warning.row > 0 && `${t('import.row')} ${number.format(warning.row)} · `}
                {warning.column}: {warning.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.duplicates.length > 0 && (
        <>
          <h3>{t('import.duplicates', { count: number.format(report.duplicates.length) })}</h3>
          <ul>
            {report.duplicates.map((duplicate) => (
              <li key={duplicate.row}>
                {t('import.row')} {number.format(duplicate.row)}:{' '}
                {duplicate.candidates.map((c) => c.label).join(', ')}
              </li>
            ))}
          </ul>
          <p>
            <Link href="/people/duplicates">{t('import.reviewDuplicates')}</Link>
          </p>
        </>
      )}
    </section>
  );
}
