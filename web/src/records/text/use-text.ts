import { useMemo } from 'react';
import { formatPartialDate } from '../../format';
import { useI18n } from '../../i18n/i18n';
import type { Slug } from '../catalog';
import { en, type TextKey } from './en';
import { es } from './es';

const dictionaries: Record<string, Record<TextKey, string>> = { en, es };

function humanise(name: string) {
  const words = name
    .replace(/Ids?$/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

/**
 * The record pages' strings in the chosen language, with the labels the schema-driven forms
 * need: a field's name, an enum value's name, a record type's name. Anything the dictionary
 * lacks falls back to a readable form of the API's name rather than a raw key.
 */
export function useText() {
  const i18n = useI18n();
  const { language } = i18n;
  return useMemo(() => {
    const dictionary = dictionaries[language] ?? en;
    const t = (key: TextKey, vars?: Record<string, string | number>) =>
      dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
        vars && name in vars ? String(vars[name]) : whole,
      );
    const lookup = (key: string) => (key in dictionary ? dictionary[key as TextKey] : undefined);
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const number = new Intl.NumberFormat(language);
    return {
      ...i18n,
      /** the app's shared strings (Save, Cancel…) */
      common: i18n.t,
      t,
      fieldName: (name: string) => lookup(`name.${name}`) ?? humanise(name),
      valueName: (value: string) => lookup(`value.${value}`) ?? value.replaceAll('_', ' '),
      typeName: (slug: Slug, form: 'many' | 'one' | 'a' = 'many') =>
        lookup(form === 'many' ? `type.${slug}` : `type.${slug}.${form}`) ?? slug,
      partialDate: (value: string | null | undefined) => formatPartialDate(value, language, i18n.t),
      dateTime: (value: string) => {
        const instant = new Date(value);
        return Number.isNaN(instant.getTime()) ? value : dateTime.format(instant);
      },
      number: (value: number) => number.format(value),
    };
  }, [i18n, language]);
}

export type Text = ReturnType<typeof useText>;
