import { Link, Route, Switch } from 'wouter';
import { LanguageSwitch } from './components/LanguageSwitch';
import { useI18n } from './i18n/i18n';
import { CustodyEventForm } from './pages/CustodyEventForm';
import { CustodyEventHistory } from './pages/CustodyEventHistory';
import { Dossier } from './pages/Dossier';
import { Home } from './pages/Home';
import { PeopleList } from './pages/PeopleList';
import { SignIn } from './pages/SignIn';
import { useSession } from './session';

export function App() {
  const { t } = useI18n();
  const { user, ready, signOut } = useSession();
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <Link href="/" className="brand">
          {t('app.name')}
        </Link>
        {user && (
          <nav aria-label={t('nav.main')}>
            <Link href="/">{t('nav.home')}</Link>
            <Link href="/people">{t('nav.people')}</Link>
          </nav>
        )}
        <div className="top-end">
          <LanguageSwitch />
          {user && (
            <button type="button" className="link" onClick={() => void signOut()}>
              {t('nav.signOut')}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!ready ? (
          <p>{t('common.loading')}</p>
        ) : !user ? (
          <SignIn />
        ) : (
          <Switch>
            <Route path="/" component={Home} />
            <Route path="/people" component={PeopleList} />
            <Route path="/people/:id/custody-events/new" component={CustodyEventForm} />
            <Route path="/people/:id" component={Dossier} />
            <Route path="/custody-events/:id/history" component={CustodyEventHistory} />
            <Route>
              <p>{t('common.notFound')}</p>
            </Route>
          </Switch>
        )}
      </main>
    </>
  );
}
