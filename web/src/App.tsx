import { lazy, Suspense } from 'react';
import { Link, Route, Switch } from 'wouter';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Home } from './home/Home';
import { useI18n } from './i18n/i18n';
import { CustodyEventForm } from './pages/CustodyEventForm';
import { Dossier } from './pages/Dossier';
import { SignIn } from './pages/SignIn';
import { PeopleList } from './people/PeopleList';
import { RECORD_ROUTE, RecordRoutes } from './records/routes';
import { useSession } from './session';

// pages most visits never open load on demand, keeping the first page small
const AdminPage = lazy(() => import('./admin/AdminPage'));
const DuplicateQueue = lazy(() => import('./matching/DuplicateQueue'));
const ImportPage = lazy(() => import('./imports/ImportPage'));

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
            <Link href="/records">{t('nav.records')}</Link>
            <Link href="/people/duplicates">{t('nav.duplicates')}</Link>
            {(user.role === 'admin' || user.role === 'editor') && (
              <Link href="/import">{t('nav.import')}</Link>
            )}
            {user.role === 'admin' && <Link href="/admin/users">{t('nav.admin')}</Link>}
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
            <Route path={RECORD_ROUTE} component={RecordRoutes} />
            <Route path="/people" component={PeopleList} />
            <Route path="/people/duplicates">{lazyPage(<DuplicateQueue />)}</Route>
            <Route path="/import">{lazyPage(<ImportPage />)}</Route>
            <Route path="/admin/*?">{lazyPage(<AdminPage />)}</Route>
            <Route path="/people/:id/custody-events/new" component={CustodyEventForm} />
            <Route path="/people/:id" component={Dossier} />
            <Route>
              <p>{t('common.notFound')}</p>
            </Route>
          </Switch>
        )}
      </main>
    </>
  );
}

function lazyPage(page: React.ReactNode) {
  return <Suspense fallback={<LoadingPage />}>{page}</Suspense>;
}

function LoadingPage() {
  const { t } = useI18n();
  return <p role="status">{t('common.loading')}</p>;
}
