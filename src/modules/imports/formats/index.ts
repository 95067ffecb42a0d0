import { courtListenerReader } from './courtlistener.js';
import { ddpFacilitiesReader } from './ddp-facilities.js';
import { ddpIceReader } from './ddp-ice.js';
import { iceDeathsReader } from './ice-deaths.js';
import { pacerHtmlReader } from './pacer-html.js';
import type { FormatReader } from './read-output.js';
import { uwaziReader } from './uwazi-read.js';

/**
 * The public formats `habeas import FILE --format NAME` understands. Each reader turns one file
 * into import items (or problems); the import engine validates and writes them. `ddp-detainers`
 * is kept as a name because the issue used it; it reads every DDP/ICE table.
 */
export const FORMAT_READERS: readonly FormatReader[] = [
  ddpIceReader,
  { ...ddpIceReader, name: 'ddp-detainers' },
  ddpFacilitiesReader,
  courtListenerReader,
  pacerHtmlReader,
  iceDeathsReader,
  uwaziReader,
];

export const FORMAT_NAMES = FORMAT_READERS.map((reader) => reader.name);

export function formatReader(name: string): FormatReader | undefined {
  return FORMAT_READERS.find((reader) => reader.name === name);
}

export {
  collect,
  engineItems,
  isImportProblem,
  type ReadOptions,
  type ReadOutput,
} from './read-output.js';
export { incidentsToUwaziCsv, peopleToUwaziCsv } from './uwazi-export.js';
