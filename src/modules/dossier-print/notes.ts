import type { ApiRecord } from '../records/service.js';
import { type Html, html } from './html.js';

export interface Note {
  number: number;
  sourceId: string;
  locator?: string | null;
  quote?: string | null;
  field?: string | null;
}

/**
 * The dossier's endnotes: each distinct (source, locator, quote, field) gets one number the first
 * time a fact cites it, in reading order, and every later fact citing the same passage reuses it.
 */
export class Endnotes {
  readonly notes: Note[] = [];
  private readonly byKey = new Map<string, Note>();
  private readonly citationsByRecord = new Map<string, ApiRecord[]>();

  constructor(
    citations: ApiRecord[],
    private readonly visibleSources: Set<string>,
  ) {
    for (const citation of citations) {
      const list = this.citationsByRecord.get(citation.recordId as string) ?? [];
      list.push(citation);
      this.citationsByRecord.set(citation.recordId as string, list);
    }
  }

  /** A note for one passage of one source; null when the caller may not see that source. */
  note(passage: Omit<Note, 'number'>): Note | null {
    if (!this.visibleSources.has(passage.sourceId)) return null;
    const key = JSON.stringify([
      passage.sourceId,
      passage.locator ?? '',
      passage.quote ?? '',
      passage.field ?? '',
    ]);
    let note = this.byKey.get(key);
    if (!note) {
      note = { ...passage, number: this.notes.length + 1 };
      this.notes.push(note);
      this.byKey.set(key, note);
    }
    return note;
  }

  /** Superscript note numbers for every citation of a record (or of one of its fields). */
  refs(recordId: string | null | undefined, field?: string): Html {
    return this.marks(this.notesOf(recordId, field));
  }

  /** The notes for a record's citations (only those of one field, when given). */
  notesOf(recordId: string | null | undefined, field?: string): (Note | null)[] {
    if (!recordId) return [];
    const citations = (this.citationsByRecord.get(recordId) ?? []).filter(
      (c) => field === undefined || (c.field as string | null | undefined)?.split('.')[0] === field,
    );
    return citations.map((c) =>
      this.note({
        sourceId: c.sourceId as string,
        locator: c.locator as string | null,
        quote: c.quote as string | null,
        field: c.field as string | null,
      }),
    );
  }

  /** Superscript marks for notes made elsewhere (evidence entries, a docket entry's source). */
  marks(notes: (Note | null)[]): Html {
    const numbers = [...new Set(notes.filter((n): n is Note => n !== null).map((n) => n.number))];
    if (numbers.length === 0) return html``;
    return html`<sup class="ref">[${numbers.join(', ')}]</sup>`;
  }
}
