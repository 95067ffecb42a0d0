import { Link, useParams } from 'wouter';
import { api, type Schemas, unwrap } from '../api/client';
import { Status } from '../components/Status';
import { countryName, formatList, formatPartialDate, personName } from '../format';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';

type Dossier = Schemas['Dossier'];

export function Dossier() {
  const { id } = useParams<{ id: string }>();
  const loaded = useLoad(async () => {
    const [dossier, kinds] = await Promise.all([
      api.GET('/api/v1/people/{id}/dossier', { params: { path: { id } } }).then(unwrap),
      // the incident vocabulary carries the kinds' names in English and Spanish
      api
        .GET('/api/v1/vocabularies/{scheme}', { params: { path: { scheme: 'incident_kind' } } })
        .then((result) => result.data?.items ?? []),
    ]);
    return { dossier, incidentKinds: new Map(kinds.map((term) => [term.code, term])) };
  }, [id]);
  return (
    <Status loaded={loaded}>
      {(data) => <DossierView dossier={data.dossier} incidentKinds={data.incidentKinds} />}
    </Status>
  );
}

type IncidentKinds = Map<string, Schemas['VocabularyTerm']>;

/** Names instead of ids: the dossier's `labels` map, then its sources, then the id itself. */
function useNames(dossier: Dossier) {
  const sources = new Map(dossier.sources.map((s) => [s.id, s.title]));
  return (id: string | null | undefined) =>
    id ? (dossier.labels[id] ?? sources.get(id) ?? id) : undefined;
}

function DossierView({
  dossier,
  incidentKinds,
}: {
  dossier: Dossier;
  incidentKinds: IncidentKinds;
}) {
  const { t } = useI18n();
  const name = personName(dossier.person);
  return (
    <article className="dossier">
      <h1>{name}</h1>
      <StatusBanner dossier={dossier} />
      <nav aria-label={t('dossier.sections')} className="sections">
        <a href="#custody">{t('dossier.custody')}</a>
        <a href="#allegations">{t('dossier.allegations')}</a>
        <a href="#process">{t('dossier.process')}</a>
        <a href="#harm">{t('dossier.harm')}</a>
        <a href="#statements">{t('dossier.statements')}</a>
        <a href="#sources">{t('dossier.sources')}</a>
      </nav>
      <CustodyTimeline dossier={dossier} />
      <Allegations dossier={dossier} />
      <Process dossier={dossier} />
      <Harm dossier={dossier} incidentKinds={incidentKinds} />
      <Statements dossier={dossier} />
      <Sources dossier={dossier} />
    </article>
  );
}

function StatusBanner({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  const { status } = dossier;
  const where =
    names(status.placeId) ??
    (status.jurisdiction ? countryName(status.jurisdiction, language) : undefined);
  const who = names(status.custodianId);
  const sources = status.sourceIds.map((id) => names(id) ?? id);
  return (
    <section className={`status status-${status.state}`} aria-labelledby="status-title">
      <h2 id="status-title">{t('dossier.status')}</h2>
      <p className="status-line">
        {status.state === 'in_custody'
          ? t('dossier.statusLine', {
              state: label('state', status.state),
              where: where ?? t('common.unknown'),
              who: who ?? t('common.unknown'),
            })
          : [label('state', status.state), where].filter(Boolean).join(' — ')}
      </p>
      <p>
        {status.asOf
          ? t('dossier.asOf', { date: formatPartialDate(status.asOf, language, t) })
          : t('dossier.asOfUnknown')}
      </p>
      <p>
        {t('dossier.statusSource', {
          sources: sources.length ? formatList(sources, language) : t('dossier.noSource'),
        })}
      </p>
    </section>
  );
}

function CustodyTimeline({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  const events = new Map(dossier.custody.events.map((e) => [e.id, e]));
  const citedBy = (recordId: string) => [
    ...(events.get(recordId)?.citations ?? []).map((c) => c.sourceId),
    ...dossier.citations.filter((c) => c.recordId === recordId).map((c) => c.sourceId),
  ];
  return (
    <section id="custody" aria-labelledby="custody-title">
      <div className="section-head">
        <h2 id="custody-title">{t('dossier.custody')}</h2>
        <Link href={`/people/${dossier.person.id}/custody-events/new`} className="button">
          {t('dossier.addCustody')}
        </Link>
      </div>
      {dossier.custody.chain.length === 0 ? (
        <p>{t('common.none')}</p>
      ) : (
        <ol className="timeline">
          {dossier.custody.chain.map((span) => {
            const event = events.get(span.eventId);
            const gap = span.gaps.length > 0;
            return (
              <li
                key={span.eventId}
                id={`event-${span.eventId}`}
                className={`span state-${span.state}${gap ? ' gap' : ''}`}
              >
                <p className="span-dates">
                  {span.from ? formatPartialDate(span.from, language, t) : t('date.unknown')}
                  {' → '}
                  {span.to ? formatPartialDate(span.to, language, t) : t('dossier.untilNow')}
                </p>
                <p className="span-title">
                  <strong>{label('kind', span.kind)}</strong>
                  {span.placeId && <> · {names(span.placeId)}</>}
                  {span.jurisdiction &&
                    !sameCountry(span.jurisdiction, names(span.placeId), language) && (
                      <> · {countryName(span.jurisdiction, language)}</>
                    )}
                </p>
                {span.custodianId && (
                  <p>{t('dossier.heldBy', { who: names(span.custodianId) ?? '' })}</p>
                )}
                {gap && (
                  <p className="gap-note">
                    <strong>{t('dossier.gap')}:</strong>{' '}
                    {formatList(
                      span.gaps.map((g) => t(`dossier.gap.${g}`)),
                      language,
                    )}
                  </p>
                )}
                {span.uncertainOrderWith.length > 0 && (
                  <p className="hint">{t('dossier.orderUncertain')}</p>
                )}
                {event?.description && <p>{event.description}</p>}
                <p className="meta">
                  <Citations ids={citedBy(span.eventId)} names={names} />
                  {' · '}
                  <Link href={`/custody-events/${span.eventId}/history`}>
                    {t('common.history')}
                  </Link>
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** A place that is itself the jurisdiction's country needs no second mention. */
function sameCountry(code: string, place: string | undefined, language: string) {
  return place === countryName(code, language) || place === countryName(code, 'en');
}

function Citations({ ids, names }: { ids: string[]; names: (id: string) => string | undefined }) {
  const { t, language } = useI18n();
  if (ids.length === 0) return <span className="badge warn">{t('common.unsourced')}</span>;
  const unique = [...new Set(ids)];
  return (
    <span>
      {t('common.sources', {
        list: formatList(
          unique.map((id) => names(id) ?? id),
          language,
        ),
      })}
    </span>
  );
}

function Allegations({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  return (
    <section id="allegations" aria-labelledby="allegations-title">
      <h2 id="allegations-title">{t('dossier.allegations')}</h2>
      {dossier.allegations.length === 0 && <p>{t('common.none')}</p>}
      {dossier.allegations.map((a) => (
        <div key={a.id} className="card pair">
          <div>
            <h3>{a.claim}</h3>
            <p>
              <span className="badge">{label('allegationStatus', a.status)}</span>{' '}
              {a.madeAt && formatPartialDate(a.madeAt, language, t)}
            </p>
            {(a.madeByOrganizationId || a.madeByPersonId) && (
              <p>
                {t('dossier.madeBy', {
                  who: names(a.madeByOrganizationId ?? a.madeByPersonId) ?? '',
                })}
              </p>
            )}
            {a.basis && a.basis.length > 0 && (
              <p>
                {t('dossier.basis', {
                  list: formatList(
                    a.basis.map((b) => label('basis', b)),
                    language,
                  ),
                })}
              </p>
            )}
            {a.legalInstrument && <p>{a.legalInstrument}</p>}
            {a.response && (
              <p>{t('dossier.response', { response: label('response', a.response) })}</p>
            )}
          </div>
          <div>
            <h4>{t('dossier.evidence')}</h4>
            {(a.evidence ?? []).length === 0 ? (
              <p className="badge warn">{t('dossier.noEvidence')}</p>
            ) : (
              <ul>
                {(a.evidence ?? []).map((e, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: evidence items have no id
                  <li key={index}>
                    <span className={`badge ${e.stance}`}>{t(`dossier.stance.${e.stance}`)}</span>{' '}
                    {e.description} {e.sourceId && <cite>{names(e.sourceId)}</cite>}
                    {e.locator && <> ({e.locator})</>}
                  </li>
                ))}
              </ul>
            )}
          </div>
        </div>
      ))}
    </section>
  );
}

function Process({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  const { process } = dossier;
  const { dueProcess } = process;
  return (
    <section id="process" aria-labelledby="process-title">
      <h2 id="process-title">{t('dossier.process')}</h2>
      {process.proceedings.length === 0 && <p>{t('common.none')}</p>}
      <ul>
        {process.proceedings.map((p) => (
          <li key={p.id}>
            <strong>{p.title}</strong> {p.docketNumber && <>({p.docketNumber})</>} —{' '}
            {names(p.forumId) ?? ''}{' '}
            <span className="badge">{label('proceedingStatus', p.status)}</span>
          </li>
        ))}
      </ul>
      {process.upcoming.length > 0 && (
        <>
          <h3>{t('dossier.upcoming')}</h3>
          <ul>
            {process.upcoming.map((e) => (
              <li key={e.id}>
                {formatPartialDate(e.dueAt ?? e.occurredAt, language, t)} —{' '}
                {label('proceedingEvent', e.kind)}: {e.title}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>{t('dossier.dueProcess')}</h3>
      <table className="checklist">
        <tbody>
          {dueProcess.items.map((item) => (
            <tr key={item.item} className={`answer-${item.answer}`}>
              <th scope="row">{t(`due.${item.item}`)}</th>
              <td>
                <span className={`badge answer-${item.answer}`}>{t(`answer.${item.answer}`)}</span>
              </td>
              <td>{item.note}</td>
            </tr>
          ))}
          {dueProcess.daysHeldWithoutCharge && (
            <tr>
              <th scope="row">{t('dossier.daysWithoutCharge')}</th>
              <td colSpan={2}>{t('dossier.days', days(dueProcess.daysHeldWithoutCharge))}</td>
            </tr>
          )}
          {dueProcess.daysIncommunicado && (
            <tr>
              <th scope="row">{t('dossier.daysIncommunicado')}</th>
              <td colSpan={2}>{t('dossier.days', days(dueProcess.daysIncommunicado))}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

const days = ({ min, max }: { min: number; max: number }) => ({ min, max });

function Harm({ dossier, incidentKinds }: { dossier: Dossier; incidentKinds: IncidentKinds }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  const { incidents, testimonies } = dossier.harm;
  const kindName = (code: string) => {
    const term = incidentKinds.get(code);
    return term ? (language === 'es' ? term.labelEs : term.labelEn) : label('incident', code);
  };
  return (
    <section id="harm" aria-labelledby="harm-title">
      <h2 id="harm-title">{t('dossier.harm')}</h2>
      <h3>{t('dossier.incidents')}</h3>
      {incidents.length === 0 && <p>{t('common.none')}</p>}
      <ul className="cards">
        {incidents.map((i) => (
          <li key={i.id} className="card">
            <p>
              <strong>{kindName(i.kind)}</strong> · {formatPartialDate(i.occurredFrom, language, t)}
              {i.placeId && <> · {names(i.placeId)}</>}
              {i.confidence && <> · {label('confidence', i.confidence)}</>}
            </p>
            <p>{i.description}</p>
          </li>
        ))}
      </ul>
      <h3>{t('dossier.testimonies')}</h3>
      {testimonies.length === 0 && <p>{t('common.none')}</p>}
      <ul className="cards">
        {testimonies.map((x) => (
          <li key={x.id} className="card testimony">
            <p>
              <strong>{x.title ?? label('medium', x.medium ?? 'other')}</strong> ·{' '}
              {t('dossier.testimonyBy', { who: names(x.givenById) ?? '' })} ·{' '}
              {formatPartialDate(x.takenAt, language, t)}
            </p>
            {(x.excerpts ?? []).map((e, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: excerpts have no id
              <blockquote key={index}>
                {e.text}
                {e.locator && <footer>{e.locator}</footer>}
              </blockquote>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Statements({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  const names = useNames(dossier);
  return (
    <section id="statements" aria-labelledby="statements-title">
      <h2 id="statements-title">{t('dossier.statements')}</h2>
      {dossier.statements.length === 0 && <p>{t('common.none')}</p>}
      <ul className="cards">
        {dossier.statements.map((s) => (
          <li key={s.id} className="card">
            <p>
              <strong>{names(s.speakerOrganizationId ?? s.speakerPersonId) ?? ''}</strong> ·{' '}
              {formatPartialDate(s.madeAt, language, t)}{' '}
              {s.venue && <>· {label('venue', s.venue)}</>}
            </p>
            <blockquote lang={s.language ?? undefined}>{s.text}</blockquote>
          </li>
        ))}
      </ul>
      <h3>{t('dossier.claims')}</h3>
      {dossier.claims.length === 0 && <p>{t('common.none')}</p>}
      <ul className="cards">
        {dossier.claims.map((c) => (
          <li key={c.id} className="card">
            <p>
              {c.text}{' '}
              {c.contested && <span className="badge contested">{t('dossier.contested')}</span>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Sources({ dossier }: { dossier: Dossier }) {
  const { t, language, label } = useI18n();
  return (
    <section id="sources" aria-labelledby="sources-title">
      <h2 id="sources-title">{t('dossier.sources')}</h2>
      {dossier.unsourced.length > 0 && (
        <p className="badge warn">{t('dossier.unsourced', { count: dossier.unsourced.length })}</p>
      )}
      <ol className="sources">
        {dossier.sources.map((s) => (
          <li key={s.id} id={`source-${s.id}`}>
            <cite>
              {s.url ? (
                <a href={s.url} rel="noreferrer noopener">
                  {s.title}
                </a>
              ) : (
                s.title
              )}
            </cite>
            {s.publisher && <> — {s.publisher}</>}
            {s.publishedAt && <>, {formatPartialDate(s.publishedAt, language, t)}</>}{' '}
            <span className="hint">
              {label('sourceKind', s.kind)}
              {s.reliability && (
                <>
                  {' '}
                  · {s.reliability}
                  {s.credibility ?? ''}
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
