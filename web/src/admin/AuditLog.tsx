import { type FormEvent, useEffect, useId, useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { ScrollRegion } from '../components/ScrollRegion';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { ProblemAlert } from './ProblemAlert';

type Entry = Schemas['AuditEntry'];
type Filters = { actor?: string; action?: string; from?: string; to?: string };
type Verification = {
  ok: boolean;
  checked: number;
  head: { seq: number; hash: string };
  problems: { seq: number; kind: string; message: string }[];
};

const PAGE = 100;

/** A day typed in a date input, as the instant that starts (or, for `to`, ends) it. */
const dayStart = (day: string) => (day ? `${day}T00:00:00.000Z` : undefined);
const dayEnd = (day: string) => (day ? `${day}T23:59:59.999Z` : undefined);

/**
 * The audit log: the chain head to copy somewhere the server cannot reach, a check of the whole
 * chain (optionally against a head recorded earlier), the entries filtered by actor, action and
 * date, paged oldest first, and the NDJSON export.
 */
export function AuditLog() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="admin-audit">
      <h2 id="admin-audit">{t('admin.audit')}</h2>
      <ChainHead />
      <Entries />
    </section>
  );
}

function ChainHead() {
  const { t, language } = useI18n();
  const id = useId();
  const head = useLoad(async () => unwrap(await api.GET('/api/v1/audit/head')), []);
  const [recorded, setRecorded] = useState('');
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function verify(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const match = /^\s*(\d+)\s*:\s*([0-9a-f]{64})\s*$/i.exec(recorded);
      if (recorded.trim() && !match) throw new Error(t('audit.headFormat'));
      const query = match
        ? { seq: Number(match[1]), hash: (match[2] as string).toLowerCase() }
        : {};
      setResult(unwrap(await api.GET('/api/v1/audit/verify', { params: { query } })));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h3>{t('audit.head')}</h3>
      <p className="hint">{t('audit.headHint')}</p>
      {head.state === 'done' && (
        <p>
          <code className="secret-value">{`${head.data.seq}:${head.data.hash}`}</code>
        </p>
      )}
      {head.state === 'error' && <ProblemAlert error={head.error} />}
      <form onSubmit={verify} className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-recorded`}>{t('audit.recordedHead')}</label>
          <input
            id={`${id}-recorded`}
            value={recorded}
            onChange={(e) => setRecorded(e.target.value)}
            placeholder="1234:ab12…"
            aria-describedby={`${id}-recorded-hint`}
            autoComplete="off"
          />
          <p id={`${id}-recorded-hint`} className="hint">
            {t('audit.recordedHint')}
          </p>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? t('common.loading') : t('audit.verify')}
        </button>
      </form>
      <ProblemAlert error={error} />
      <div role="status">
        {result && (
          <div className={result.ok ? 'verify-ok' : 'error'}>
            <p>
              <strong>{result.ok ? t('audit.verifyOk') : t('audit.verifyBroken')}</strong>{' '}
              {t('audit.checked', {
                count: new Intl.NumberFormat(language).format(result.checked),
              })}
            </p>
            {result.problems.length > 0 && (
              <ul>
                {result.problems.map((problem) => (
                  <li key={`${problem.seq}-${problem.kind}`}>
                    #{problem.seq} ({problem.kind}): {problem.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}

function Entries() {
  const { t, language } = useI18n();
  const id = useId();
  const [filters, setFilters] = useState<Filters>({});
  const [pages, setPages] = useState<Entry[][]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [searched, setSearched] = useState(false);
  const items = pages.flat();
  const last = pages[pages.length - 1];
  const more = last !== undefined && last.length === PAGE;
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
  // entries name actors by account id: show who that is
  const users = useLoad(async () => unwrap(await api.GET('/api/v1/users')).items, []);
  const userList = users.state === 'done' ? users.data : [];
  const actorName = (actor: string) => {
    const user = userList.find((u) => u.id === actor);
    return user ? `${user.displayName} <${user.email}>` : actor;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page, once
  useEffect(() => {
    void load({}, undefined);
  }, []);

  async function load(next: Filters, afterSeq: number | undefined) {
    setBusy(true);
    setError(null);
    try {
      const page = unwrap(
        await api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: PAGE,
              ...(next.actor ? { actor: next.actor } : {}),
              ...(next.action ? { action: next.action } : {}),
              ...(next.from ? { from: dayStart(next.from) } : {}),
              ...(next.to ? { to: dayEnd(next.to) } : {}),
              ...(afterSeq !== undefined ? { afterSeq } : {}),
            },
          },
        }),
      ).items;
      setPages((known) => (afterSeq === undefined ? [page] : [...known, page]));
      setSearched(true);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const next = {
      actor: text('actor'),
      action: text('action'),
      from: text('from'),
      to: text('to'),
    };
    setFilters(next);
    void load(next, undefined);
  }

  return (
    <div>
      <h3>{t('audit.entries')}</h3>
      <form onSubmit={submit} className="inline-form filters">
        <div className="field">
          <label htmlFor={`${id}-actor`}>{t('audit.actor')}</label>
          <select id={`${id}-actor`} name="actor" defaultValue="">
            <option value="">{t('audit.anyone')}</option>
            {userList.map((user) => (
              <option key={user.id} value={user.id}>
                {user.displayName} ({user.email})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-action`}>{t('audit.action')}</label>
          <input
            id={`${id}-action`}
            name="action"
            aria-describedby={`${id}-action-hint`}
            autoComplete="off"
          />
          <p id={`${id}-action-hint`} className="hint">
            {t('audit.actionHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('audit.from')}</label>
          <input id={`${id}-from`} name="from" type="date" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('audit.to')}</label>
          <input id={`${id}-to`} name="to" type="date" />
        </div>
        <button type="submit" disabled={busy}>
          {t('audit.show')}
        </button>
      </form>
      <p>
        <a href="/api/v1/audit/export" download>
          {t('audit.export')}
        </a>
      </p>
      <ProblemAlert error={error} />
      {searched && (
        <p role="status" className="hint">
          {t('audit.count', { count: new Intl.NumberFormat(language).format(items.length) })}
        </p>
      )}
      {items.length > 0 && (
        <ScrollRegion label={t('audit.entries')}>
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.target')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((entry) => (
                <tr key={entry.seq}>
                  <th scope="row">{entry.seq}</th>
                  <td>{date.format(new Date(entry.at))}</td>
                  <td>{actorName(entry.actor)}</td>
                  <td>
                    <code>{entry.action}</code>
                  </td>
                  <td>{[entry.targetType, entry.targetId].filter(Boolean).join(' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {more && (
        <p>
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => void load(filters, last?.[last.length - 1]?.seq)}
          >
            {t('audit.more')}
          </button>
        </p>
      )}
    </div>
  );
}
