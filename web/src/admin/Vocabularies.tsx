import { type FormEvent, useEffect, useId, useState } from 'react';
import { useLocation, useSearch } from 'wouter';
import { api, type Schemas, unwrap } from '../api/client';
import { ScrollRegion } from '../components/ScrollRegion';
import { Status } from '../components/Status';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { ProblemAlert } from './ProblemAlert';

type Term = Schemas['VocabularyTerm'];
type Scheme = Schemas['VocabularyScheme'];

/**
 * Controlled vocabularies: pick one, browse its terms as a tree with their English and Spanish
 * labels, add a local term under any parent, deprecate or reinstate a term. Terms are never
 * deleted (records keep the codes they were written with).
 */
export function Vocabularies() {
  const { t, language } = useI18n();
  const id = useId();
  const search = useSearch();
  const [, navigate] = useLocation();
  const scheme = new URLSearchParams(search).get('scheme') ?? '';
  const schemes = useLoad(async () => unwrap(await api.GET('/api/v1/vocabularies')).items, []);
  const schemeLabel = (s: Scheme) => (language === 'es' ? s.labelEs : s.labelEn);

  return (
    <section aria-labelledby="admin-vocabularies">
      <h2 id="admin-vocabularies">{t('admin.vocabularies')}</h2>
      <Status loaded={schemes}>
        {(items) => (
          <>
            <div className="field">
              <label htmlFor={`${id}-scheme`}>{t('vocab.scheme')}</label>
              <select
                id={`${id}-scheme`}
                value={scheme}
                onChange={(e) =>
                  navigate(`/admin/vocabularies?scheme=${encodeURIComponent(e.target.value)}`, {
                    replace: true,
                  })
                }
              >
                <option value="">{t('vocab.choose')}</option>
                {items.map((s) => (
                  <option key={s.scheme} value={s.scheme}>
                    {t('vocab.schemeOption', {
                      label: schemeLabel(s),
                      count: new Intl.NumberFormat(language).format(s.termCount),
                    })}
                  </option>
                ))}
              </select>
            </div>
            {scheme && <Terms scheme={scheme} />}
          </>
        )}
      </Status>
    </section>
  );
}

function Terms({ scheme }: { scheme: string }) {
  const { t } = useI18n();
  const id = useId();
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [includeDeprecated, setIncludeDeprecated] = useState(false);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  const terms = useLoad(
    async () =>
      unwrap(
        await api.GET('/api/v1/vocabularies/{scheme}', {
          params: {
            path: { scheme },
            query: {
              ...(q ? { q } : {}),
              ...(includeDeprecated ? { includeDeprecated: 'true' as const } : {}),
            },
          },
        }),
      ).items,
    [scheme, q, includeDeprecated, version],
  );
  const reload = () => setVersion((v) => v + 1);

  return (
    <>
      <div className="filters">
        <div className="field">
          <label htmlFor={`${id}-q`}>{t('vocab.search')}</label>
          <input
            id={`${id}-q`}
            type="search"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </div>
        <label className="check">
          <input
            type="checkbox"
            checked={includeDeprecated}
            onChange={(e) => setIncludeDeprecated(e.target.checked)}
          />
          {t('vocab.includeDeprecated')}
        </label>
      </div>
      <Status loaded={terms}>
        {(items) => (
          <>
            <AddTerm scheme={scheme} parents={items} onAdded={reload} />
            <p className="hint" role="status">
              {t('vocab.count', { count: items.length })}
            </p>
            <ScrollRegion label={t('admin.vocabularies')}>
              <table className="terms">
                <thead>
                  <tr>
                    <th scope="col">{t('vocab.labelEn')}</th>
                    <th scope="col">{t('vocab.labelEs')}</th>
                    <th scope="col">{t('vocab.code')}</th>
                    <th scope="col">{t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((term) => (
                    <TermRow key={term.id} term={term} onChanged={reload} />
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          </>
        )}
      </Status>
    </>
  );
}

function TermRow({ term, onChanged }: { term: Term; onChanged(): void }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  async function toggleDeprecated() {
    setError(null);
    try {
      unwrap(
        await api.PATCH('/api/v1/vocabularies/{scheme}/terms/{code}', {
          params: {
            path: { scheme: term.scheme, code: term.code },
            header: { 'if-match': `"${term.version}"` },
          },
          body: { deprecated: !term.deprecated },
        }),
      );
      onChanged();
    } catch (caught) {
      setError(caught);
    }
  }
  return (
    <tr className={term.deprecated ? 'deprecated' : undefined}>
      <th scope="row" style={{ paddingInlineStart: `${0.6 + term.level * 1.25}rem` }}>
        <span lang="en">{term.labelEn}</span>
        {term.deprecated && <span className="badge warn">{t('vocab.deprecated')}</span>}
        {error ? <ProblemAlert error={error} /> : null}
      </th>
      <td lang="es">{term.labelEs}</td>
      <td>
        <code>{term.code}</code>
        {term.origin === 'local' && <span className="badge">{t('vocab.local')}</span>}
      </td>
      <td>
        <button type="button" className="secondary small" onClick={() => void toggleDeprecated()}>
          {term.deprecated ? t('vocab.reinstate') : t('vocab.deprecate')}
          <span className="visually-hidden"> {term.labelEn}</span>
        </button>
      </td>
    </tr>
  );
}

function AddTerm({
  scheme,
  parents,
  onAdded,
}: {
  scheme: string;
  parents: Term[];
  onAdded(): void;
}) {
  const { t } = useI18n();
  const id = useId();
  const [error, setError] = useState<unknown>(null);
  const [added, setAdded] = useState('');

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parentCode = String(form.get('parentCode') ?? '');
    setError(null);
    try {
      const term = unwrap(
        await api.POST('/api/v1/vocabularies/{scheme}/terms', {
          params: { path: { scheme }, header: {} },
          body: {
            code: String(form.get('code')),
            labelEn: String(form.get('labelEn')),
            labelEs: String(form.get('labelEs')),
            ...(parentCode ? { parentCode } : {}),
          },
        }),
      );
      formElement.reset();
      setAdded(t('vocab.added', { code: term.code }));
      onAdded();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <details className="card add-form">
      <summary>{t('vocab.add')}</summary>
      <form onSubmit={submit} noValidate>
        <ProblemAlert error={error} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-code`}>{t('vocab.code')}</label>
            <input
              id={`${id}-code`}
              name="code"
              required
              aria-describedby={`${id}-code-hint`}
              autoComplete="off"
            />
            <p id={`${id}-code-hint`} className="hint">
              {t('vocab.codeHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${id}-en`}>{t('vocab.labelEn')}</label>
            <input id={`${id}-en`} name="labelEn" required lang="en" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-es`}>{t('vocab.labelEs')}</label>
            <input id={`${id}-es`} name="labelEs" required lang="es" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-parent`}>{t('vocab.parent')}</label>
            <select id={`${id}-parent`} name="parentCode" defaultValue="">
              <option value="">{t('vocab.topLevel')}</option>
              {parents.map((term) => (
                <option key={term.code} value={term.code}>
                  {`${'— '.repeat(term.level)}${term.labelEn}`}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button type="submit">{t('vocab.addSubmit')}</button>
        <p role="status" className="hint">
          {added}
        </p>
      </form>
    </details>
  );
}
