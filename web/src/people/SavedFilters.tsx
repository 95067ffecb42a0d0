import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { useSession } from '../session';
import { type SavedFilter, useSavedFilters } from './saved-filters';

/**
 * Save the current filters under a name, and apply, rename or delete saved ones. Saved filters
 * live in this browser only (see saved-filters.ts), which the panel says.
 */
export function SavedFilters({
  currentSearch,
  onApply,
}: {
  currentSearch: string;
  onApply(search: string): void;
}) {
  const { t } = useI18n();
  const { user } = useSession();
  const { saved, save, rename, remove } = useSavedFilters(user?.id ?? 'anonymous');
  const [name, setName] = useState('');
  const [notice, setNotice] = useState('');
  const id = useId();

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return;
    save(trimmed, currentSearch);
    setName('');
    setNotice(t('saved.savedAs', { name: trimmed }));
  }

  return (
    <details className="saved-filters">
      <summary>{t('saved.title', { count: saved.length })}</summary>
      <p className="hint">{t('saved.perBrowser')}</p>
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('saved.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" disabled={!name.trim()}>
          {t('saved.save')}
        </button>
      </form>
      <p role="status" className="hint">
        {notice}
      </p>
      {saved.length > 0 && (
        <ul className="saved-list">
          {saved.map((filter) => (
            <SavedRow
              key={filter.name}
              filter={filter}
              onApply={() => onApply(filter.search)}
              onRename={(to) => {
                rename(filter.name, to);
                setNotice(t('saved.renamed', { from: filter.name, to }));
              }}
              onDelete={() => {
                remove(filter.name);
                setNotice(t('saved.deleted', { name: filter.name }));
              }}
            />
          ))}
        </ul>
      )}
    </details>
  );
}

function SavedRow({
  filter,
  onApply,
  onRename,
  onDelete,
}: {
  filter: SavedFilter;
  onApply(): void;
  onRename(to: string): void;
  onDelete(): void;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(filter.name);
  const id = useId();
  if (editing) {
    return (
      <li>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim()) onRename(draft.trim());
            setEditing(false);
          }}
        >
          <label htmlFor={`${id}-rename`} className="visually-hidden">
            {t('saved.newName', { name: filter.name })}
          </label>
          <input
            id={`${id}-rename`}
            value={draft}
            maxLength={100}
            onChange={(e) => setDraft(e.target.value)}
          />
          <button type="submit">{t('common.save')}</button>
          <button type="button" className="secondary" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="saved-row">
      <button type="button" className="link" onClick={onApply}>
        {t('saved.apply', { name: filter.name })}
      </button>
      <button type="button" className="secondary small" onClick={() => setEditing(true)}>
        {t('saved.rename')}
        <span className="visually-hidden"> {filter.name}</span>
      </button>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          if (confirm(t('saved.confirmDelete', { name: filter.name }))) onDelete();
        }}
      >
        {t('saved.delete')}
        <span className="visually-hidden"> {filter.name}</span>
      </button>
    </li>
  );
}
