import './matching.css';
import { useId, useState } from 'react';
import { canReviewDuplicates } from '../admin/roles';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { type Candidate, type CandidateStatus, listCandidates } from './api';
import { CandidateCard } from './CandidateCard';
import { type MergeDone, MergeResult } from './MergeResult';

const STATUSES: CandidateStatus[] = ['open', 'dismissed', 'merged'];
const PAGE = 20;

/**
 * The review queue of possible duplicate people: each pair side by side with its score and the
 * signals behind it. Editors and administrators merge or dismiss; others read.
 */
export default function DuplicateQueue() {
  const { t, label } = useI18n();
  const { user } = useSession();
  const id = useId();
  const [status, setStatus] = useState<CandidateStatus>('open');
  const [minScore, setMinScore] = useState(0);
  const [reload, setReload] = useState(0);
  const [more, setMore] = useState<{ key: string; items: Candidate[]; cursor: string | null }>();
  const key = JSON.stringify([status, minScore, reload]);
  const first = useLoad(
    () => listCandidates({ status, limit: PAGE, ...(minScore ? { minScore } : {}) }),
    [key],
  );
  const extra = more?.key === key ? more : undefined;
  const items = first.state === 'done' ? [...first.data.items, ...(extra?.items ?? [])] : [];
  const cursor = extra ? extra.cursor : first.state === 'done' ? first.data.nextCursor : null;
  const [loadError, setLoadError] = useState<unknown>(null);
  const canAct = canReviewDuplicates(user);
  const [lastMerge, setLastMerge] = useState<MergeDone | null>(null);
  const refresh = () => setReload((n) => n + 1);

  async function loadMore() {
    if (!cursor) return;
    try {
      const page = await listCandidates({
        status,
        limit: PAGE,
        cursor,
        ...(minScore ? { minScore } : {}),
      });
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], cursor: page.nextCursor });
    } catch (error) {
      setLoadError(error);
    }
  }

  const unavailable =
    first.state === 'error' && first.error instanceof ApiError && first.error.status === 404;

  return (
    <section>
      <h1>{t('dupes.title')}</h1>
      <p className="hint">{canAct ? t('dupes.intro') : t('dupes.readOnly')}</p>
      <div className="filters">
        <fieldset className="facet inline">
          <legend>{t('dupes.show')}</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input
                type="radio"
                name={`${id}-status`}
                checked={status === s}
                onChange={() => setStatus(s)}
              />
              {label('dupes.status', s)}
            </label>
          ))}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-min`}>{t('dupes.minScore')}</label>
          <select
            id={`${id}-min`}
            value={minScore}
            onChange={(e) => setMinScore(Number(e.target.value))}
          >
            {[0, 0.5, 0.7, 0.9].map((score) => (
              <option key={score} value={score}>
                {score === 0 ? t('people.any') : `≥ ${Math.round(score * 100)} %`}
              </option>
            ))}
          </select>
        </div>
      </div>
      <MergeResult done={lastMerge} onUndone={refresh} />
      {first.state === 'loading' && <p role="status">{t('common.loading')}</p>}
      {first.state === 'error' &&
        (unavailable ? (
          <p className="hint">{t('common.unavailable')}</p>
        ) : (
          <p role="alert" className="error">
            {t('common.error', { message: first.error.message })}
          </p>
        ))}
      {first.state === 'done' && items.length === 0 && <p>{t('dupes.none')}</p>}
      <ol className="candidates">
        {items.map((candidate) => (
          <li key={candidate.id}>
            <CandidateCard
              candidate={candidate}
              canAct={canAct}
              onSettled={refresh}
              onMerged={(done) => {
                setLastMerge(done);
                refresh();
              }}
            />
          </li>
        ))}
      </ol>
      {loadError ? (
        <p role="alert" className="error">
          {t('common.error', { message: (loadError as Error).message })}
        </p>
      ) : null}
      {cursor && (
        <button type="button" className="secondary" onClick={() => void loadMore()}>
          {t('people.more')}
        </button>
      )}
    </section>
  );
}
