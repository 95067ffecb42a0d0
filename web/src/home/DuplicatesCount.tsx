import { Link } from 'wouter';
import { useI18n } from '../i18n/i18n';
import { listCandidates } from '../matching/api';
import { useLoad } from '../use-load';

const PAGE = 100;

/** How many possible duplicate people wait for review, linking to the queue. */
export function DuplicatesCount() {
  const { t, language } = useI18n();
  const loaded = useLoad(() => listCandidates({ status: 'open', limit: PAGE }), []);
  // a server without matching (404) or a reader it refuses: nothing to point at
  if (loaded.state !== 'done') return null;
  const { items, nextCursor } = loaded.data;
  const count = new Intl.NumberFormat(language).format(items.length);
  return (
    <section aria-labelledby="home-duplicates">
      <h2 id="home-duplicates">{t('home.duplicates')}</h2>
      <p>
        {items.length === 0 ? (
          t('home.noDuplicates')
        ) : (
          <Link href="/people/duplicates">
            {t(
              !nextCursor && new Intl.PluralRules(language).select(items.length) === 'one'
                ? 'home.duplicatesOpenOne'
                : 'home.duplicatesOpen',
              { count: nextCursor ? `${count}+` : count },
            )}
          </Link>
        )}
      </p>
    </section>
  );
}
