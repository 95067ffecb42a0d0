import { pipeline } from 'node:stream/promises';
import { PUBLIC_ACTOR } from '../../../server/authentication.js';
import { PACKAGE_VERSION } from '../../../version.js';
import type { ServiceContext } from '../../records/service.js';
import type { Services } from '../../services.js';
import { type Cell, tableLayout } from '../columns.js';
import { csvWriter } from '../formats/csv.js';
import { endStream, writeChunk } from '../formats/writer.js';
import { exportPages } from '../record-pages.js';
import { dataPackage, type ResourceDescription, readme } from './data-package.js';
import { publishable } from './publication-rules.js';
import type { DatasetSink } from './sinks.js';

/** Columns no published file carries: an external id can be another list's identifier. */
const NEVER_PUBLISHED = ['externalId'];

interface AttachmentRef {
  sourceId: string;
  sha256: string;
  filename: string;
}

export interface DatasetReport {
  counts: Record<string, number>;
  attachments: number;
}

/**
 * The public data set: every record an anonymous public reader may see (public records, with
 * field-level redaction as in public mode) that the publication rules allow, one CSV per type,
 * plus the files of public sources, a Frictionless `datapackage.json` and a README. Records are
 * read through the services as the public actor, never as the operator who asked for the export,
 * so nothing above `public` can be reached by construction.
 */
export async function writePublicDataset(
  services: Services,
  requestedBy: ServiceContext,
  sink: DatasetSink,
): Promise<DatasetReport> {
  const reader: ServiceContext = { actor: PUBLIC_ACTOR, requestId: requestedBy.requestId };
  /** ids of published records that citations may point at (not anonymised ones), by type */
  const citable = new Map<string, Set<string>>();
  const resources: ResourceDescription[] = [];
  const counts: Record<string, number> = {};
  const attachments: AttachmentRef[] = [];

  for (const service of services.registry.all()) {
    const { def } = service;
    const layout = tableLayout(def, { omit: NEVER_PUBLISHED });
    const path = `data/${def.path}.csv`;
    const writer = csvWriter(sink.file(path), {
      columns: layout.names,
      title: def.names.plural,
      bom: false,
    });
    const ids = new Set<string>();
    citable.set(def.type, new Set());
    for await (const page of exportPages(services.registry, service, reader, {})) {
      for (const found of page) {
        const publication = publishable(def.type, found);
        if (!publication || !citesOnlyPublished(def.type, publication.record, citable)) continue;
        const { record } = publication;
        ids.add(record.id);
        if (!publication.anonymised) citable.get(def.type)?.add(record.id);
        await writer.write(layout.row(record) as Cell[], record);
        for (const file of (record.attachments as AttachmentRef[] | undefined) ?? []) {
          attachments.push({ sourceId: record.id, sha256: file.sha256, filename: file.filename });
        }
      }
    }
    await writer.end();
    counts[def.type] = ids.size;
    resources.push({
      name: def.path,
      path,
      title: def.names.plural,
      columns: layout.names,
      rows: ids.size,
    });
  }

  for (const file of attachments) {
    const { stream } = await services.attachments.open(reader, file.sourceId, file.sha256);
    await pipeline(stream, sink.file(attachmentPath(file)));
  }

  const about = { createdAt: new Date().toISOString(), habeasVersion: PACKAGE_VERSION, resources };
  const manifest = sink.file('datapackage.json');
  await writeChunk(manifest, `${JSON.stringify(dataPackage(about), null, 2)}\n`);
  await endStream(manifest);
  const guide = sink.file('README.md');
  await writeChunk(guide, readme(about));
  await endStream(guide);
  await sink.close();

  await services.audit.append({
    actor: requestedBy.actor.id,
    action: 'export.public',
    requestId: requestedBy.requestId,
    ip: requestedBy.ip,
    details: { counts, attachments: attachments.length },
  });
  return { counts, attachments: attachments.length };
}

export const attachmentPath = (file: AttachmentRef) =>
  `attachments/${file.sha256}/${file.filename.replace(/[/\\]/g, '_')}`;

/**
 * A citation is published only when both ends are: the source (public, so the public reader saw
 * it) and the cited record, published by the rules above and not anonymised (a quote can name
 * the person). Citations come last in the registry, so both ends are known by then.
 */
function citesOnlyPublished(
  type: string,
  record: Record<string, unknown>,
  citable: Map<string, Set<string>>,
): boolean {
  if (type !== 'citation') return true;
  const target = citable.get(record.recordType as string);
  return Boolean(
    target?.has(record.recordId as string) && citable.get('source')?.has(record.sourceId as string),
  );
}
