/**
 * Every ISO 3166-1 alpha-2 region the browser can name, in the reader's language: the browser
 * already carries the list (Intl.DisplayNames), so the app ships none. Codes it cannot name come
 * back unchanged and are left out.
 */
const cache = new Map<string, { code: string; name: string }[]>();
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function countries(language: string) {
  let list = cache.get(language);
  if (!list) {
    const names = new Intl.DisplayNames(language, { type: 'region', fallback: 'code' });
    list = [];
    for (const a of LETTERS) {
      for (const b of LETTERS) {
        const code = a + b;
        const name = names.of(code);
        // user-assigned and reserved codes have no name; EU, UN and the like are not countries
        if (name && name !== code && !['EU', 'EZ', 'UN', 'QO', 'XA', 'XB'].includes(code)) {
          list.push({ code, name });
        }
      }
    }
    list.sort((x, y) => x.name.localeCompare(y.name, language));
    cache.set(language, list);
  }
  return list;
}

export function countryLabel(code: string, language: string): string | undefined {
  const upper = code.trim().toUpperCase();
  return countries(language).find((c) => c.code === upper)?.name;
}
