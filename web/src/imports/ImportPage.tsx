import './imports.css';
import { type FormEvent, useId, useState } from 'react';
import { ProblemAlert } from '../admin/ProblemAlert';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import {
  type ColumnChoice,
  type ImportPreview,
  type ImportProgress,
  type ImportResult,
  previewImport,
  runImport,
} from './api';
import { MappingTable } from './MappingTable';
import { ReportView } from './ReportView';

/** Record types a spreadsheet can fill, by their registry name. */
export const IMPORT_TYPES = [
  'person',
  'custody_event',
  'organization',
  'place',
  'source',
  'allegation',
  'proceeding',
  'proceeding_event',
  'incident',
  'testimony',
  'statement',
  'claim',
] as const;

type Step =
  | { name: 'choose' }
  | { name: 'map'; preview: ImportPreview }
  | { name: 'checked'; preview: ImportPreview; result: ImportResult }
  | { name: 'done'; result: ImportResult };

/**
 * Import a spreadsheet in four steps a data manager can check at each stage: choose the file and
 * what it holds → see the columns with the automatic mapping, change any → dry run, with every
 * problem by row and column → import, with progress, and the final report.
 */
export default function ImportPage() {
  const { t, label, language } = useI18n();
  const { user } = useSession();
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [type, setType] = useState<string>('person');
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [mapping, setMapping] = useState<ColumnChoice>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'preview' | 'dry' | 'import' | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [unavailable, setUnavailable] = useState(false);

  if (user?.role !== 'admin' && user?.role !== 'editor') {
    return (
      <section>
        <h1>{t('import.title')}</h1>
        <p role="alert" className="error">
          {t('import.notAllowed')}
        </p>
      </section>
    );
  }

  async function attempt(kind: 'preview' | 'dry' | 'import', action: () => Promise<void>) {
    setBusy(kind);
    setError(null);
    setProgress(null);
    try {
      await action();
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setUnavailable(true);
      else setError(caught);
    } finally {
      setBusy(null);
    }
  }

  function preview(event: FormEvent) {
    event.preventDefault();
    if (!file) return;
    void attempt('preview', async () => {
      const result = await previewImport(file, type);
      setMapping(Object.fromEntries(result.columns.map((c) => [c.column, c.field])));
      setStep({ name: 'map', preview: result });
    });
  }

  const run = (dryRun: boolean) => {
    if (!file || (step.name !== 'map' && step.name !== 'checked')) return;
    const shown = step.preview;
    void attempt(dryRun ? 'dry' : 'import', async () => {
      const result = await runImport(file, type, mapping, dryRun, setProgress);
      setStep(dryRun ? { name: 'checked', preview: shown, result } : { name: 'done', result });
    });
  };

  const restart = () => {
    setStep({ name: 'choose' });
    setFile(null);
    setError(null);
  };

  return (
    <section className="import">
      <h1>{t('import.title')}</h1>
      <ol className="steps" aria-label={t('import.steps')}>
        {(['choose', 'map', 'checked', 'done'] as const).map((name) => (
          <li key={name} aria-current={step.name === name ? 'step' : undefined}>
            {label('import.step', name)}
          </li>
        ))}
      </ol>
      {unavailable && (
        <p role="alert" className="error">
          {t('common.unavailable')}
        </p>
      )}
      <ProblemAlert error={error} />

      {step.name === 'choose' && (
        <form onSubmit={preview} className="card">
          <div className="field">
            <label htmlFor={`${id}-file`}>{t('import.file')}</label>
            <input
              id={`${id}-file`}
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv"
              aria-describedby={`${id}-file-hint`}
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <p id={`${id}-file-hint`} className="hint">
              {t('import.fileHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>{t('import.type')}</label>
            <select id={`${id}-type`} value={type} onChange={(e) => setType(e.target.value)}>
              {IMPORT_TYPES.map((name) => (
                <option key={name} value={name}>
                  {label('recordType', name)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={!file || busy !== null}>
            {busy === 'preview' ? t('common.loading') : t('import.preview')}
          </button>
        </form>
      )}

      {(step.name === 'map' || step.name === 'checked') && (
        <>
          <p>
            {t('import.fileChosen', { file: file?.name ?? '', type: label('recordType', type) })}{' '}
            <button type="button" className="link" onClick={restart}>
              {t('import.another')}
            </button>
          </p>
          <MappingTable
            preview={step.preview}
            mapping={mapping}
            onChange={(header, field) => {
              setMapping((current) => ({ ...current, [header]: field }));
              // a changed mapping needs a new dry run before importing
              if (step.name === 'checked') setStep({ name: 'map', preview: step.preview });
            }}
          />
          <div className="actions">
            <button type="button" disabled={busy !== null} onClick={() => run(true)}>
              {busy === 'dry' ? t('common.loading') : t('import.dryRun')}
            </button>
            {step.name === 'checked' && (
              <button
                type="button"
                disabled={busy !== null || step.result.report.problemCount > 0}
                aria-describedby={
                  step.result.report.problemCount > 0 ? `${id}-all-or-none` : undefined
                }
                onClick={() => {
                  if (confirm(t('import.confirm', { rows: step.result.report.rows }))) run(false);
                }}
              >
                {t('import.run')}
              </button>
            )}
          </div>
          {step.name === 'checked' && step.result.report.problemCount > 0 && (
            <p id={`${id}-all-or-none`} className="warn-note">
              {t('import.fixFirst')}
            </p>
          )}
        </>
      )}

      <div role="status" aria-live="polite" className="progress-area">
        {busy && busy !== 'preview' && (
          <>
            <p>
              {progress
                ? t('import.progress', {
                    rows: new Intl.NumberFormat(language).format(progress.rows),
                  })
                : t('import.working')}
            </p>
            {/* the server does not know the row count ahead: an indeterminate bar */}
            <progress aria-label={t('import.progressLabel')} />
          </>
        )}
      </div>

      {step.name === 'checked' && (
        <ReportView report={step.result.report} dryRun title={t('import.dryRunReport')} />
      )}
      {step.name === 'done' && (
        <>
          <ReportView
            report={step.result.report}
            dryRun={false}
            title={
              step.result.report.committed ? t('import.finalReport') : t('import.notCommitted')
            }
          />
          <button type="button" onClick={restart}>
            {t('import.another')}
          </button>
        </>
      )}
    </section>
  );
}
