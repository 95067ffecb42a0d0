import { foldText } from '../../lib/text.js';

/**
 * Words as the search index sees them, cut here rather than by either engine's tokenizer so that
 * SQLite and PostgreSQL index, and match, exactly the same words: runs of letters and digits of
 * folded text (no case, no accents), everything else a separator.
 */
export function words(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** The `terms` column: the words one space apart, with a space at each end. */
export function termsColumn(text: string): string {
  return ` ${words(text).join(' ')} `;
}

export const MAX_QUERY_TERMS = 12;
const MAX_TERM_LENGTH = 64;

/**
 * The words of a query, each to be matched as a prefix of an indexed word and all of them
 * required, in any order. Only letters and digits survive, so a term can never carry either
 * engine's query syntax.
 */
export function queryTerms(q: string): string[] {
  return [...new Set(words(q).map((w) => w.slice(0, MAX_TERM_LENGTH)))].slice(0, MAX_QUERY_TERMS);
}
