import { type FormEvent, useId, useState } from 'react';
import { api, unwrap } from '../api/client';
import { ScrollRegion } from '../components/ScrollRegion';
import { Status } from '../components/Status';
import { useI18n } from '../i18n/i18n';
import { useLoad } from '../use-load';
import { OneTimeSecret } from './OneTimeSecret';
import { ProblemAlert } from './ProblemAlert';

/**
 * The signed-in administrator's own API tokens, for scripts: the API issues tokens to the
 * account that asks, never on behalf of another (each user creates theirs after signing in).
 */
export function Tokens() {
  const { t, language } = useI18n();
  const id = useId();
  const [version, setVersion] = useState(0);
  const tokens = useLoad(async () => unwrap(await api.GET('/api/v1/auth/tokens')).items, [version]);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setError(null);
    try {
      const created = unwrap(
        await api.POST('/api/v1/auth/tokens', {
          body: {
            name: String(form.get('name')),
            scope: form.get('scope') === 'write' ? 'write' : 'read',
            expiresInDays: Number(form.get('expiresInDays')) || undefined,
          },
        }),
      );
      formElement.reset();
      setSecret(created.secret);
      setVersion((v) => v + 1);
    } catch (caught) {
      setError(caught);
    }
  }

  async function revoke(tokenId: string, name: string) {
    if (!confirm(t('tokens.confirmRevoke', { name }))) return;
    setError(null);
    try {
      unwrap(await api.DELETE('/api/v1/auth/tokens/{id}', { params: { path: { id: tokenId } } }));
      setVersion((v) => v + 1);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('tokens.title')}</h2>
      <p className="hint">{t('tokens.hint')}</p>
      {secret && (
        <OneTimeSecret
          title={t('tokens.secret')}
          secret={secret}
          onDismiss={() => setSecret(null)}
        />
      )}
      <ProblemAlert error={error} />
      <form className="inline-form" onSubmit={create} noValidate>
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('tokens.name')}</label>
          <input id={`${id}-name`} name="name" required autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor={`${id}-scope`}>{t('tokens.scope')}</label>
          <select id={`${id}-scope`} name="scope" defaultValue="read">
            <option value="read">{t('tokens.scope.read')}</option>
            <option value="write">{t('tokens.scope.write')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t('tokens.days')}</label>
          <input
            id={`${id}-days`}
            name="expiresInDays"
            type="number"
            min={1}
            max={366}
            defaultValue={90}
          />
        </div>
        <button type="submit">{t('tokens.create')}</button>
      </form>
      <Status loaded={tokens}>
        {(items) =>
          items.length === 0 ? (
            <p>{t('tokens.none')}</p>
          ) : (
            <ScrollRegion label={t('tokens.title')}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('tokens.name')}</th>
                    <th scope="col">{t('tokens.scope')}</th>
                    <th scope="col">{t('tokens.expires')}</th>
                    <th scope="col">{t('tokens.lastUsed')}</th>
                    <th scope="col">{t('admin.actions')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((token) => (
                    <tr key={token.id}>
                      <th scope="row">{token.name}</th>
                      <td>
                        {t(token.scope === 'write' ? 'tokens.scope.write' : 'tokens.scope.read')}
                      </td>
                      <td>{date.format(new Date(token.expiresAt))}</td>
                      <td>{token.lastUsedAt ? date.format(new Date(token.lastUsedAt)) : '—'}</td>
                      <td>
                        {token.revoked ? (
                          t('tokens.revoked')
                        ) : (
                          <button
                            type="button"
                            className="secondary small"
                            onClick={() => void revoke(token.id, token.name)}
                          >
                            {t('tokens.revoke')}
                            <span className="visually-hidden"> {token.name}</span>
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )
        }
      </Status>
    </section>
  );
}
