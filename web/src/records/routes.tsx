import { lazy, Suspense } from 'react';
import { useI18n } from '../i18n/i18n';

/**
 * The addresses the record pages answer, as one pattern for the app's router: `/records`, and
 * `/{type}`, `/{type}/new`, `/{type}/{id}`, `/{type}/{id}/edit`, `/{type}/{id}/history` for every
 * type — except the people list and a person's page, which are the dossier pages.
 */
const TYPES =
  'organizations|places|custody-events|sources|citations|allegations|proceedings|proceeding-events|incidents|testimonies|statements|claims';
const ID = '[0-9a-fA-F-]{36}';
export const RECORD_ROUTE = new RegExp(
  `^/(?:records|(?<slug>${TYPES})(?:/(?<id>new|${ID})(?:/(?<action>edit|history))?)?|(?<slug2>people)/(?:(?<id2>new)|(?<id3>${ID})/(?<action2>edit|history)))/?$`,
);

const Pages = lazy(() => import('./RecordPages'));

/** Loads the record pages' code on the first visit, so the first page of the app stays small. */
export function RecordRoutes({ params }: { params: Record<string, string | undefined> }) {
  const { t } = useI18n();
  return (
    <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
      <Pages
        slug={params.slug ?? params.slug2}
        id={params.id ?? params.id2 ?? params.id3}
        action={params.action ?? params.action2}
      />
    </Suspense>
  );
}
