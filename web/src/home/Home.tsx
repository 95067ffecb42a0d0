import './home.css';
import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { AttentionList } from './AttentionList';
import { DuplicatesCount } from './DuplicatesCount';
import { RecentImports } from './RecentImports';
import { UpcomingList } from './UpcomingList';

/**
 * What needs attention first: the hearings and deadlines of the coming days (unmet ones on
 * top), people whose status nobody has confirmed lately, possible duplicates to review, and
 * what the last imports did.
 */
export function Home() {
  const { t } = useI18n();
  // one "now" per visit, so every section agrees on what today is
  const now = new Date();
  return (
    <section className="home">
      <h1>{t('home.title')}</h1>
      <p>{t('home.intro')}</p>
      <p>
        <Link href="/people" className="button">
          {t('nav.people')}
        </Link>
      </p>
      <div className="home-grid">
        <UpcomingList now={now} />
        <AttentionList />
        <DuplicatesCount />
        <RecentImports />
      </div>
    </section>
  );
}
