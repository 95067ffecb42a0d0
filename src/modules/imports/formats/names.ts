/**
 * The public formats `habeas import FILE --format NAME` understands, by name. Apart from the
 * readers (index.ts) so that naming them does not load their parsers: the CLI lists them at every
 * start, and reads a file with one only when asked to.
 */
export const FORMAT_NAMES = [
  'ddp-ice',
  'ddp-detainers',
  'ddp-facilities',
  'courtlistener',
  'pacer-html',
  'ice-deaths',
  'uwazi',
] as const;
export type FormatName = (typeof FORMAT_NAMES)[number];

export const isFormatName = (name: string): name is FormatName =>
  (FORMAT_NAMES as readonly string[]).includes(name);
