import { type FormEvent, useId, useState } from 'react';
import { api, type Schemas, unwrap } from '../api/client';
import { ScrollRegion } from '../components/ScrollRegion';
import { Status } from '../components/Status';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { useLoad } from '../use-load';
import { OneTimeSecret } from './OneTimeSecret';
import { ProblemAlert } from './ProblemAlert';
import { CLEARANCES, ROLES } from './roles';
import { Tokens } from './Tokens';

type User = Schemas['User'];
type Role = User['role'];
type Clearance = User['clearance'];

/** Accounts: add one (a one-time password comes back once), change role and clearance, disable. */
export function Users() {
  const { t } = useI18n();
  const [version, setVersion] = useState(0);
  const users = useLoad(async () => unwrap(await api.GET('/api/v1/users')).items, [version]);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  const reload = () => setVersion((v) => v + 1);
  return (
    <section aria-labelledby="admin-users">
      <h2 id="admin-users">{t('admin.users')}</h2>
      {secret && (
        <OneTimeSecret
          title={secret.title}
          secret={secret.value}
          onDismiss={() => setSecret(null)}
        />
      )}
      <AddUser
        onAdded={(user, password) => {
          reload();
          if (password)
            setSecret({ title: t('admin.passwordFor', { email: user.email }), value: password });
        }}
      />
      <Status loaded={users}>
        {(items) => (
          <ScrollRegion label={t('admin.users')}>
            <table>
              <caption className="visually-hidden">{t('admin.users')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.email')}</th>
                  <th scope="col">{t('admin.role')}</th>
                  <th scope="col">{t('admin.clearance')}</th>
                  <th scope="col">{t('admin.state')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    onChanged={reload}
                    onPassword={(value) =>
                      setSecret({ title: t('admin.passwordFor', { email: user.email }), value })
                    }
                  />
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Status>
      <Tokens />
    </section>
  );
}

function AddUser({ onAdded }: { onAdded(user: User, password?: string): void }) {
  const { t, label } = useI18n();
  const id = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    try {
      const created = unwrap(
        await api.POST('/api/v1/users', {
          body: {
            email: String(form.get('email')),
            displayName: String(form.get('displayName')),
            role: String(form.get('role')) as Role,
            clearance: String(form.get('clearance')) as Clearance,
          },
        }),
      );
      formElement.reset();
      onAdded(created.user, created.generatedPassword);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <details className="card add-form">
      <summary>{t('admin.addUser')}</summary>
      <form onSubmit={submit} noValidate>
        <ProblemAlert error={error} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('admin.email')}</label>
            <input id={`${id}-email`} name="email" type="email" required autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('admin.displayName')}</label>
            <input id={`${id}-name`} name="displayName" required autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-role`}>{t('admin.role')}</label>
            <select id={`${id}-role`} name="role" defaultValue="viewer">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {label('userRole', role)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-clearance`}>{t('admin.clearance')}</label>
            <select id={`${id}-clearance`} name="clearance" defaultValue="internal">
              {CLEARANCES.map((level) => (
                <option key={level} value={level}>
                  {label('sensitivity', level)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p className="hint">{t('admin.addUserHint')}</p>
        <button type="submit" disabled={busy}>
          {t('admin.addUserSubmit')}
        </button>
      </form>
    </details>
  );
}

function UserRow({
  user,
  onChanged,
  onPassword,
}: {
  user: User;
  onChanged(): void;
  onPassword(password: string): void;
}) {
  const { t, label, language } = useI18n();
  const { user: me } = useSession();
  const id = useId();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const self = me?.id === user.id;

  async function act(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  const patch = (body: Schemas['UserPatch']) =>
    act(async () => {
      unwrap(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }));
      onChanged();
    });
  const reset = () =>
    act(async () => {
      if (!confirm(t('admin.confirmReset', { email: user.email }))) return;
      const result = unwrap(
        await api.POST('/api/v1/users/{id}/reset-password', { params: { path: { id: user.id } } }),
      );
      onPassword(result.generatedPassword);
      onChanged();
    });

  const states = [
    user.disabled && t('admin.disabled'),
    user.lockedUntil &&
      new Date(user.lockedUntil) > new Date() &&
      t('admin.lockedUntil', {
        time: new Intl.DateTimeFormat(language, { timeStyle: 'short' }).format(
          new Date(user.lockedUntil),
        ),
      }),
    user.mustChangePassword && t('admin.mustChange'),
  ].filter(Boolean);

  return (
    <tr className={user.disabled ? 'disabled' : undefined}>
      <th scope="row">
        {user.displayName}
        <br />
        <span className="meta">{user.email}</span>
        {error ? <ProblemAlert error={error} /> : null}
      </th>
      <td>
        <label htmlFor={`${id}-role`} className="visually-hidden">
          {t('admin.roleOf', { email: user.email })}
        </label>
        <select
          id={`${id}-role`}
          value={user.role}
          disabled={busy || self}
          onChange={(e) => void patch({ role: e.target.value as Role })}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {label('userRole', role)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label htmlFor={`${id}-clearance`} className="visually-hidden">
          {t('admin.clearanceOf', { email: user.email })}
        </label>
        <select
          id={`${id}-clearance`}
          value={user.clearance}
          disabled={busy || self}
          onChange={(e) => void patch({ clearance: e.target.value as Clearance })}
        >
          {CLEARANCES.map((level) => (
            <option key={level} value={level}>
              {label('sensitivity', level)}
            </option>
          ))}
        </select>
      </td>
      <td>{states.length ? states.join(' · ') : t('admin.active')}</td>
      <td>
        <div className="actions">
          {!self && (
            <button
              type="button"
              className="secondary small"
              disabled={busy}
              onClick={() => void patch({ disabled: !user.disabled })}
            >
              {user.disabled ? t('admin.enable') : t('admin.disable')}
              <span className="visually-hidden"> {user.email}</span>
            </button>
          )}
          <button type="button" className="secondary small" disabled={busy} onClick={reset}>
            {t('admin.resetPassword')}
            <span className="visually-hidden"> {user.email}</span>
          </button>
        </div>
      </td>
    </tr>
  );
}
