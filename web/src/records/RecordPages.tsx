import { isSlug } from './catalog';
import { RecordDetail } from './RecordDetail';
import { RecordForm } from './RecordForm';
import { RecordHistory } from './RecordHistory';
import { RecordList } from './RecordList';
import { RecordsIndex } from './RecordsIndex';
import './records.css';

/** The record pages, loaded on first use; `RECORD_ROUTE` (routes.ts) names the parts. */
export default function RecordPages({
  slug = '',
  id,
  action,
}: {
  slug?: string;
  id?: string;
  action?: string;
}) {
  if (!slug) return <RecordsIndex />;
  if (!isSlug(slug)) return null;
  if (id === 'new') return <RecordForm key={`${slug}-new`} slug={slug} />;
  if (id && action === 'edit') return <RecordForm key={`${slug}-${id}`} slug={slug} id={id} />;
  if (id && action === 'history') return <RecordHistory slug={slug} id={id} />;
  if (id) return <RecordDetail slug={slug} id={id} />;
  return <RecordList slug={slug} />;
}
