import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { records, referenceLabel, rememberLabel } from '../records/api';
import { labelOf, type Slug } from '../records/catalog';
import { useText } from '../records/text/use-text';
import { FieldShell } from './FieldShell';

interface Option {
  id: string;
  label: string;
}

/** The label of the chosen record, once known. */
function useLabel(target: Slug, id: string) {
  const [label, setLabel] = useState('');
  useEffect(() => {
    let current = true;
    if (!id) setLabel('');
    else void referenceLabel(target, id).then((text) => current && setLabel(text));
    return () => {
      current = false;
    };
  }, [target, id]);
  return label;
}

/**
 * Picks a record by typing part of its name: the WAI-ARIA combobox pattern (editable, list
 * autocomplete). Arrow keys move through the matches, Enter picks, Escape closes; the list
 * endpoint's `q` does the matching, so the picker finds what search finds.
 */
export function ReferencePicker({
  path,
  label,
  required,
  target,
  value,
  onChange,
}: {
  path: string;
  label: string;
  required?: boolean;
  target: Slug;
  value: string;
  onChange(id: string): void;
}) {
  const { t } = useText();
  const listId = useId();
  const chosen = useLabel(target, value);
  const [typed, setTyped] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(-1);
  const [searching, setSearching] = useState(false);
  const latest = useRef(0);

  const query = typed ?? '';
  useEffect(() => {
    if (!open) return;
    const ticket = ++latest.current;
    setSearching(true);
    const timer = setTimeout(() => {
      records.list(target, { q: query.trim() || undefined, limit: 10 }).then(
        (page) => {
          if (ticket !== latest.current) return;
          for (const record of page.items) rememberLabel(target, record);
          setOptions(
            page.items.map((record) => ({ id: record.id, label: labelOf(target, record) })),
          );
          setActive(page.items.length > 0 ? 0 : -1);
          setSearching(false);
        },
        () => ticket === latest.current && setSearching(false),
      );
    }, 200);
    return () => clearTimeout(timer);
  }, [open, query, target]);

  function pick(option: Option) {
    onChange(option.id);
    setTyped(null);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) setOpen(true);
      else setActive((i) => Math.min(options.length - 1, i + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => Math.max(0, i - 1));
    } else if (event.key === 'Enter' && open) {
      event.preventDefault();
      const option = options[active];
      if (option) pick(option);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setTyped(null);
    }
  }

  const activeId = open && options[active] ? `${listId}-${active}` : undefined;
  return (
    <FieldShell path={path} label={label} required={required} hint={t('field.referenceHint')}>
      {(control) => (
        <div className="combobox">
          <div className="combobox-row">
            <input
              {...control}
              type="text"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={open}
              aria-controls={listId}
              aria-activedescendant={activeId}
              autoComplete="off"
              spellCheck={false}
              value={typed ?? chosen}
              onChange={(event) => {
                setTyped(event.target.value);
                setOpen(true);
                if (event.target.value === '') onChange('');
              }}
              onFocus={() => setTyped((current) => current)}
              onKeyDown={onKeyDown}
              onBlur={() => {
                setOpen(false);
                setTyped(null);
              }}
            />
            {value && (
              <button
                type="button"
                className="secondary small"
                aria-label={`${t('field.clear')}: ${label}`}
                onClick={() => {
                  onChange('');
                  setTyped('');
                }}
              >
                ×
              </button>
            )}
          </div>
          <div
            id={listId}
            role="listbox"
            aria-label={label}
            hidden={!open}
            className="combobox-list"
          >
            {options.map((option, index) => (
              <div
                key={option.id}
                tabIndex={-1}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={index === active ? 'active' : undefined}
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(option);
                }}
              >
                {option.label}
              </div>
            ))}
          </div>
          <p className="visually-hidden" aria-live="polite">
            {open
              ? searching
                ? t('field.referenceSearching')
                : options.length === 0
                  ? t('field.referenceNone')
                  : t('field.referenceResults', { count: options.length })
              : ''}
          </p>
        </div>
      )}
    </FieldShell>
  );
}
