import './admin.css';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { AuditLog } from './AuditLog';
import { NotAllowed } from './NotAllowed';
import { isAdmin } from './roles';
import { Users } from './Users';
import { Vocabularies } from './Vocabularies';

/**
 * Administration: accounts, vocabularies and the audit log. Only administrators see it; the
 * API refuses the same calls to anyone else, so this check spares a page of errors, no more.
 */
export default function AdminPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const [location] = useLocation();
  if (!isAdmin(user)) return <NotAllowed />;
  const tab = (href: string, key: 'admin.users' | 'admin.vocabularies' | 'admin.audit') => (
    <Link href={href} aria-current={location.startsWith(href) ? 'page' : undefined}>
      {t(key)}
    </Link>
  );
  return (
    <section>
      <h1>{t('admin.title')}</h1>
      <nav aria-label={t('admin.sections')} className="tabs">
        {tab('/admin/users', 'admin.users')}
        {tab('/admin/vocabularies', 'admin.vocabularies')}
        {tab('/admin/audit', 'admin.audit')}
      </nav>
      <Switch>
        <Route path="/admin/vocabularies" component={Vocabularies} />
        <Route path="/admin/audit" component={AuditLog} />
        <Route component={Users} />
      </Switch>
    </section>
  );
}
