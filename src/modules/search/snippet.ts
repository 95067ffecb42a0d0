import { foldText } from '../../lib/text.js';

/** Marks around each matched word in a snippet; documented in the API. */
export const MARK_OPEN = '<mark>';
export const MARK_CLOSE = '</mark>';
const SNIPPET_CHARS = 160;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/**
 * A short window of `text` (a record's folded search text, which holds only what its type lets
 * be found) around the first matched word, every word starting with a query term wrapped in
 * <mark>…</mark> and the rest HTML-escaped, with "…" where the text was cut. Built in code, not
 * by either engine, so both give the same snippet.
 */
export function buildSnippet(text: string, terms: string[]): string {
  const pieces = text.split(/([^\p{L}\p{N}]+)/u);
  const isMatch = (piece: string) => {
    const word = foldText(piece);
    return word !== '' && terms.some((term) => word.startsWith(term));
  };
  let offset = 0;
  let first = -1;
  for (const piece of pieces) {
    if (first < 0 && isMatch(piece)) first = offset;
    offset += piece.length;
  }
  const start = Math.max(0, first - SNIPPET_CHARS / 4);
  const windowStart = start === 0 ? 0 : text.lastIndexOf(' ', start) + 1;
  const windowEnd = Math.min(text.length, windowStart + SNIPPET_CHARS);
  let out = '';
  offset = 0;
  for (const piece of pieces) {
    const end = offset + piece.length;
    if (end > windowStart && offset < windowEnd) {
      const shown = piece.slice(Math.max(0, windowStart - offset), windowEnd - offset);
      out +=
        isMatch(piece) && shown === piece
          ? `${MARK_OPEN}${escapeHtml(shown)}${MARK_CLOSE}`
          : escapeHtml(shown);
    }
    offset = end;
  }
  return `${windowStart > 0 ? '…' : ''}${out.trim()}${windowEnd < text.length ? '…' : ''}`;
}
