import { Link } from 'wouter';
import { SLUGS } from './catalog';
import { useText } from './text/use-text';

/** Every record type, to browse or add to. */
export function RecordsIndex() {
  const { t, typeName } = useText();
  return (
    <section>
      <h1>{t('records.title')}</h1>
      <p>{t('records.intro')}</p>
      <ul className="type-index">
        {SLUGS.map((slug) => (
          <li key={slug} className="card">
            <h2>
              <Link href={`/${slug}`}>{typeName(slug)}</Link>
            </h2>
            <Link href={`/${slug}/new`} className="button secondary small">
              {t('records.new', { type: typeName(slug, 'one') })}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
