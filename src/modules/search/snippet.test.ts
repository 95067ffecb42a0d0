import { describe, expect, it } from 'vitest';
import { buildSnippet } from './snippet.js';

describe('search snippets', () => {
  it('marks every word that starts with a query term', () => {
    expect(buildSnippet('jerce reyes barrios | el flaco', ['jer', 'flaco'])).toBe(
      '<mark>jerce</mark> reyes barrios | el <mark>flaco</mark>',
    );
  });

  it('escapes HTML so that only the marks are markup', () => {
    expect(buildSnippet('a <b> & reyes', ['reyes'])).toBe('a &lt;b&gt; &amp; <mark>reyes</mark>');
  });

  it('cuts long text around the first match, marking the cuts', () => {
    const text = `${'palabra '.repeat(60)}reyes ${'otra '.repeat(60)}`.trim();
    const snippet = buildSnippet(text, ['reyes']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('<mark>reyes</mark>');
    expect(snippet.replace(/<\/?mark>/g, '').length).toBeLessThanOrEqual(162);
  });
});
