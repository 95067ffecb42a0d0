import { type FormEvent, useId, useState } from 'react';
import { Link } from 'wouter';
import { ProblemAlert } from '../admin/ProblemAlert';
import { ScrollRegion } from '../components/ScrollRegion';
import { countryName, formatPartialDate } from '../format';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import {
  type Candidate,
  type CandidatePerson,
  dismissCandidate,
  mergePeople,
  reopenCandidate,
} from './api';
import { COMPARED_FIELDS, type ComparedField, differs, fieldText } from './compare';
import type { MergeDone } from './MergeResult';

const FIELD_LABELS: Record<ComparedField, MessageKey> = {
  givenNames: 'dupes.field.givenNames',
  familyNames: 'dupes.field.familyNames',
  aliases: 'dupes.field.aliases',
  birthDate: 'people.born',
  sex: 'dupes.field.sex',
  nationalities: 'people.nationality',
  identifiers: 'dupes.field.identifiers',
};

/** One pair: both records field by field, differences marked, and what to do about it. */
export function CandidateCard({
  candidate,
  canAct,
  onSettled,
  onMerged,
}: {
  candidate: Candidate;
  canAct: boolean;
  onSettled(): void;
  onMerged(done: MergeDone): void;
}) {
  const { t, language, label } = useI18n();
  const { a, b } = candidate;
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
  const headingId = useId();

  const show = (person: CandidatePerson, field: ComparedField) => {
    const text = fieldText(person, field);
    if (!text) return <span className="meta">—</span>;
    if (field === 'birthDate') return formatPartialDate(text, language, t);
    if (field === 'nationalities')
      return (person.nationalities ?? []).map((code) => countryName(code, language)).join(', ');
    return text;
  };

  return (
    <article className="card candidate" aria-labelledby={headingId}>
      <h2 id={headingId} className="candidate-title">
        {candidate.a.label} · {candidate.b.label}{' '}
        <span className="badge">
          {t('dupes.score', { score: percent.format(candidate.score) })}
        </span>
      </h2>
      <ScrollRegion label={t('dupes.field')}>
        <table className="compare">
          <thead>
            <tr>
              <th scope="col">{t('dupes.field')}</th>
              <th scope="col">
                <Link href={`/people/${candidate.a.id}`}>{candidate.a.label}</Link>
              </th>
              <th scope="col">
                <Link href={`/people/${candidate.b.id}`}>{candidate.b.label}</Link>
              </th>
            </tr>
          </thead>
          <tbody>
            {COMPARED_FIELDS.map((field) => {
              const different = differs(a, b, field);
              return (
                <tr key={field} className={different ? 'differs' : undefined}>
                  <th scope="row">
                    {t(FIELD_LABELS[field])}
                    {different && <span className="badge warn">{t('dupes.differs')}</span>}
                  </th>
                  <td>{show(a, field)}</td>
                  <td>{show(b, field)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
      <h3>{t('dupes.reasons')}</h3>
      <ul className="reasons">
        {candidate.reasons.map((reason) => (
          <li key={`${reason.signal}-${reason.detail ?? ''}`}>
            <strong>{label('signal', reason.signal)}</strong>
            {reason.detail && <> — {reason.detail}</>}{' '}
            <span className="meta">
              ({reason.weight >= 0 ? '+' : ''}
              {new Intl.NumberFormat(language, { maximumFractionDigits: 2 }).format(reason.weight)})
            </span>
          </li>
        ))}
      </ul>
      {candidate.status !== 'open' && candidate.decisionReason && (
        <p className="meta">{t('dupes.decision', { reason: candidate.decisionReason })}</p>
      )}
      {canAct && candidate.status === 'open' && (
        <Actions candidate={candidate} onSettled={onSettled} onMerged={onMerged} />
      )}
      {canAct && candidate.status === 'dismissed' && (
        <Reopen id={candidate.id} onSettled={onSettled} />
      )}
    </article>
  );
}

function Actions({
  candidate,
  onSettled,
  onMerged,
}: {
  candidate: Candidate;
  onSettled(): void;
  onMerged(done: MergeDone): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [mode, setMode] = useState<'idle' | 'merge' | 'dismiss'>('idle');
  const [keep, setKeep] = useState<'a' | 'b'>('a');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kept = keep === 'a' ? candidate.a : candidate.b;
  const merged = keep === 'a' ? candidate.b : candidate.a;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'merge') {
        const merge = await mergePeople(kept.id, merged.id, reason.trim());
        onMerged({ merge, keptLabel: kept.label, mergedLabel: merged.label });
      } else {
        await dismissCandidate(candidate.id, reason.trim());
        onSettled();
      }
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  if (mode === 'idle') {
    return (
      <div className="actions">
        <button type="button" onClick={() => setMode('merge')}>
          {t('dupes.merge')}
        </button>
        <button type="button" className="secondary" onClick={() => setMode('dismiss')}>
          {t('dupes.dismiss')}
        </button>
      </div>
    );
  }
  return (
    <form onSubmit={submit} className="review-form">
      <ProblemAlert error={error} />
      {mode === 'merge' && (
        <fieldset>
          <legend>{t('dupes.keepWhich')}</legend>
          {(['a', 'b'] as const).map((side) => (
            <label key={side} className="check">
              <input
                type="radio"
                name={`${id}-keep`}
                checked={keep === side}
                onChange={() => setKeep(side)}
              />
              {t('dupes.keep', { name: candidate[side].label })}
            </label>
          ))}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>{t('dupes.reason')}</label>
        <textarea
          id={`${id}-reason`}
          value={reason}
          required
          rows={2}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      {mode === 'merge' && (
        <p className="warn-note">
          {t('dupes.mergeConfirm', { merged: merged.label, kept: kept.label })}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || !reason.trim()}>
          {mode === 'merge' ? t('dupes.confirmMerge') : t('dupes.confirmDismiss')}
        </button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setMode('idle');
            setError(null);
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A dismissal was a mistake: the pair goes back in the queue. */
function Reopen({ id, onSettled }: { id: string; onSettled(): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <ProblemAlert error={error} />
      <button
        type="button"
        className="secondary"
        onClick={async () => {
          setError(null);
          try {
            await reopenCandidate(id);
            onSettled();
          } catch (caught) {
            setError(caught);
          }
        }}
      >
        {t('dupes.reopen')}
      </button>
    </>
  );
}
