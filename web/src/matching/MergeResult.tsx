import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { ProblemAlert } from '../admin/ProblemAlert';
import { useI18n } from '../i18n/i18n';
import { type Merge, undoMerge } from './api';

export interface MergeDone {
  merge: Merge;
  keptLabel: string;
  mergedLabel: string;
}

/** What the last merge did, with the way back: a merge is undoable, and says so right away. */
export function MergeResult({ done, onUndone }: { done: MergeDone | null; onUndone(): void }) {
  const { t } = useI18n();
  const [undone, setUndone] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // a new merge replaces the notice of the one before
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the merge shown changes
  useEffect(() => {
    setUndone(false);
    setError(null);
  }, [done?.merge.id]);
  return (
    <div role="status" aria-live="polite">
      {done && (
        <div className={`card ${undone ? '' : 'merge-done'}`}>
          <p>
            {undone
              ? t('dupes.undone', { merged: done.mergedLabel })
              : t('dupes.merged', { merged: done.mergedLabel, kept: done.keptLabel })}
          </p>
          <ProblemAlert error={error} />
          <div className="actions">
            <Link href={`/people/${done.merge.keepId}`}>{t('dupes.openKept')}</Link>
            {!undone && (
              <button
                type="button"
                className="secondary"
                disabled={busy}
                onClick={async () => {
                  setBusy(true);
                  setError(null);
                  try {
                    await undoMerge(done.merge.id);
                    setUndone(true);
                    onUndone();
                  } catch (caught) {
                    setError(caught);
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                {t('dupes.undo')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
