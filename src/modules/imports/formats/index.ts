import { courtListenerReader } from './courtlistener.js';
import { ddpFacilitiesReader } from './ddp-facilities.js';
import { ddpIceReader } from './ddp-ice.js';
import { iceDeathsReader } from './ice-deaths.js';
import { type FormatName, isFormatName } from './names.js';
import { pacerHtmlReader } from './pacer-html.js';
import type { FormatReader } from './read-output.js';
import { uwaziReader } from './uwazi-read.js';

/**
 * The reader of each public format (names.ts): it turns one file into import items (or
 * problems); the import engine validates and writes them. `ddp-detainers` is kept as a name
 * because the issue used it; it reads every DDP/ICE table.
 */
const FORMAT_READERS: Record<FormatName, FormatReader> = {
  'ddp-ice': ddpIceReader,
  'ddp-detainers': { ...ddpIceReader, name: 'ddp-detainers' },
  'ddp-facilities': ddpFacilitiesReader,
  courtlistener: courtListenerReader,
  'pacer-html': pacerHtmlReader,
  'ice-deaths': iceDeathsReader,
  uwazi: uwaziReader,
};

export function formatReader(name: string): FormatReader | undefined {
  return isFormatName(name) ? FORMAT_READERS[name] : undefined;
}

export {
  collect,
  engineItems,
  isImportProblem,
  type ReadOptions,
  type ReadOutput,
} from './read-output.js';
export { incidentsToUwaziCsv, peopleToUwaziCsv } from './uwazi-export.js';
