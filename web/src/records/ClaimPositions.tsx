import type { AnyRecord } from './api';
import { RecordLink } from './FieldValue';
import { useText } from './text/use-text';

type Position = {
  statementId: string;
  stance: 'asserts' | 'denies' | 'questions';
  note?: string | null;
};

/** A claim's statements side by side: who asserts it, who denies it; both sides means contested. */
export function ClaimPositions({ claim }: { claim: AnyRecord }) {
  const { t } = useText();
  const positions = (claim.positions ?? []) as Position[];
  const sides = [
    { stance: 'asserts', heading: t('records.for') },
    { stance: 'denies', heading: t('records.against') },
    { stance: 'questions', heading: t('records.questioning') },
  ] as const;
  const contested =
    positions.some((p) => p.stance === 'asserts') && positions.some((p) => p.stance === 'denies');
  return (
    <section className="card">
      <h2>
        {t('name.positions')}{' '}
        {contested && <span className="badge contested">{t('records.contested')}</span>}
      </h2>
      <div className="sides">
        {sides.map((side) => {
          const on = positions.filter((p) => p.stance === side.stance);
          return (
            <div key={side.stance}>
              <h3>{side.heading}</h3>
              {on.length === 0 ? (
                <p>{t('records.relatedNone')}</p>
              ) : (
                <ul>
                  {on.map((p) => (
                    <li key={p.statementId}>
                      <RecordLink slug="statements" id={p.statementId} />
                      {p.note && <p className="meta">{p.note}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          );
        })}
      </div>
    </section>
  );
}
