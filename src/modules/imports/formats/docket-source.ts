import type { ImportItem } from '../item.js';
import { sourceItem } from './dataset-source.js';
import { type Docket, docketItems, docketSourceId } from './docket.js';
import type { ReadOutput } from './read-output.js';

/** The docket sheet as a court-document source, then everything the docket says, citing it. */
export function* docketOutputs(
  docket: Docket,
  file: string,
  origin: string,
  accessedAt?: string,
): Generator<ReadOutput> {
  const sourceId = docketSourceId(docket);
  const source: ImportItem = sourceItem(
    {
      externalId: sourceId,
      kind: 'court_document',
      title: `Docket sheet: ${docket.caseName}, ${docket.courtId.toUpperCase()} ${docket.docketNumber}`,
      publisher: origin,
      url: docket.url,
      accessedAt,
      reliability: 'A',
    },
    file,
  );
  yield source;
  yield* docketItems(docket, file, sourceId);
}
