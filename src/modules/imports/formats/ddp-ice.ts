import { basename } from 'node:path';
import { ICE_EXTERNAL_ID, iceItem } from './agencies.js';
import { sourceItem } from './dataset-source.js';
import { type DdpTable, releaseOf, tableOf } from './ddp-columns.js';
import { type FacilityPlace, readFacilities } from './ddp-facilities.js';
import { type DdpRow, type DdpRowContext, ddpRowItems } from './ddp-rows.js';
import { ddpRows, rowKeyOf } from './ddp-source-rows.js';
import type { FormatReader, ReadOptions, ReadOutput } from './read-output.js';

/**
 * ICE records released through FOIA by the Deportation Data Project: detainers, arrests,
 * detention stints and removals, as DDP's processed CSV or ICE's raw Excel. Each release is a
 * versioned snapshot: every external id carries the release, so a later release that rewrites
 * past rows is imported beside the earlier one, and importing the same release again changes
 * nothing.
 */
const TABLE_TITLES: Record<DdpTable, string> = {
  detainers: 'detainers (I-247 requests to jails)',
  detentions: 'detention stints',
  arrests: 'arrests',
  removals: 'removals',
};

async function* readDdp(path: string, options: ReadOptions = {}): AsyncGenerator<ReadOutput> {
  const file = options.fileName ?? basename(path);
  const facilities: Map<string, FacilityPlace> = options.facilities
    ? await readFacilities(options.facilities)
    : new Map();
  let ctx: DdpRowContext | null = null;
  for await (const row of ddpRows(path)) {
    if (!ctx) {
      const table = tableOf(Object.keys(row.cells));
      if (!table) {
        throw new Error(
          `${file} is not an ICE table: no detainer, book-in, apprehension or departure column`,
        );
      }
      const release = options.release ?? releaseOf(row.origin?.file ?? file) ?? releaseOf(file);
      if (!release) {
        throw new Error(
          `cannot tell which release ${file} belongs to: name it with --release (e.g. 2025-06)`,
        );
      }
      ctx = {
        release,
        table,
        sourceId: `ddp:${release}:${table}`,
        file,
        facilities,
        seen: new Set(),
      };
      yield sourceItem(
        {
          externalId: ctx.sourceId,
          kind: 'government_record',
          title: `ICE ${TABLE_TITLES[table]}, FOIA release ${release}`,
          publisher: 'U.S. Immigration and Customs Enforcement, via the Deportation Data Project',
          url: 'https://deportationdata.org/data/ice.html',
          accessedAt: options.accessedAt,
          reliability: 'B',
          notes:
            'Anonymised identifiers differ between releases and ICE rewrites past rows, so ' +
            `every record from this file carries the release (${release}) in its external id.`,
        },
        file,
      );
      yield { ...iceItem(file), externalId: ICE_EXTERNAL_ID };
    }
    const keyed: DdpRow = { line: row.line, rowKey: rowKeyOf(row, file), cells: row.cells };
    yield* ddpRowItems(keyed, ctx);
  }
  if (!ctx) throw new Error(`${file} holds no rows`);
}

export const ddpIceReader: FormatReader = {
  name: 'ddp-ice',
  description: 'ICE FOIA tables via the Deportation Data Project (processed CSV or raw Excel)',
  read: readDdp,
};
