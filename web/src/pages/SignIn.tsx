import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';

export function SignIn() {
  const { t } = useI18n();
  const { signIn } = useSession();
  const [failed, setFailed] = useState(false);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      await signIn(String(form.get('email')), String(form.get('password')));
    } catch {
      setFailed(true);
      setBusy(false);
    }
  }

  return (
    <form className="card narrow" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('signIn.title')}</h1>
      {failed && (
        <p role="alert" className="error">
          {t('signIn.failed')}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('signIn.email')}</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('signIn.submit')}
      </button>
    </form>
  );
}
