import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { Conflict, IntegrityError, NotFound } from '../../lib/errors.js';
import { assertCanWrite } from '../auth/policy.js';
import type { RecordService, ServiceContext } from '../records/service.js';
import type { attachmentSchema, sourceType } from '../sources/schema.js';
import { checkMediaType } from './media-types.js';
import { recordBlob } from './repo.js';
import type { BlobStore } from './store.js';

export type Attachment = z.output<typeof attachmentSchema>;

/** Concurrent uploads to one source each retry their append this many times before a 409. */
const MAX_ATTACH_ATTEMPTS = 5;

export interface IncomingFile {
  stream: Readable;
  filename: string;
  mediaType: string;
}

/** Files attached to sources: stored by hash, checked by content, re-verified on every download. */
export class AttachmentService {
  constructor(
    private readonly deps: { db: Db; store: BlobStore; sources: RecordService<typeof sourceType> },
  ) {}

  async upload(
    ctx: ServiceContext,
    sourceId: string,
    file: IncomingFile,
  ): Promise<{ attachment: Attachment; created: boolean }> {
    const { sources, store, db } = this.deps;
    const source = await sources.getStored(ctx, sourceId);
    assertCanWrite(ctx.actor, 'update', source.sensitivity);
    const staged = await store.stage(file.stream);
    let mediaType: string;
    try {
      mediaType = await checkMediaType(staged.tempPath, file.mediaType);
    } catch (error) {
      await store.discard(staged);
      throw error;
    }
    await store.commit(staged);
    await recordBlob(db, { sha256: staged.sha256, size: staged.size, mediaType });

    return this.attach(ctx, sourceId, {
      sha256: staged.sha256,
      size: staged.size,
      mediaType,
      filename: safeFilename(file.filename),
      uploadedAt: new Date().toISOString(),
      uploadedBy: ctx.actor.id,
    });
  }

  /**
   * Adds a stored file to the source's list. The list is read afresh for each attempt and
   * written only over the version it was read from: an upload takes long enough for another to
   * finish meanwhile, and appending to a list read before the upload would drop that one's file.
   */
  private async attach(
    ctx: ServiceContext,
    sourceId: string,
    attachment: Attachment,
  ): Promise<{ attachment: Attachment; created: boolean }> {
    const { sources } = this.deps;
    for (let attempt = 1; ; attempt++) {
      const source = await sources.getStored(ctx, sourceId);
      const existing = attachmentsOf(source).find((a) => a.sha256 === attachment.sha256);
      if (existing) return { attachment: existing, created: false };
      try {
        await sources.updateManaged(
          ctx,
          sourceId,
          { attachments: [...attachmentsOf(source), attachment] },
          { reason: `attached ${attachment.filename}`, expectedVersion: source.version },
        );
        return { attachment, created: true };
      } catch (error) {
        if (!(error instanceof Conflict) || attempt >= MAX_ATTACH_ATTEMPTS) throw error;
      }
    }
  }

  /** Opens an attachment after proving its bytes still hash to its name. */
  async open(
    ctx: ServiceContext,
    sourceId: string,
    sha256: string,
  ): Promise<{ attachment: Attachment; stream: Readable }> {
    const source = await this.deps.sources.getStored(ctx, sourceId);
    const attachment = attachmentsOf(source).find((a) => a.sha256 === sha256);
    if (!attachment) throw new NotFound('Attachment');
    const actual = await this.deps.store.actualHash(sha256);
    if (actual === null) {
      throw new IntegrityError(`the stored file for attachment ${sha256} is missing`);
    }
    if (actual !== sha256) {
      throw new IntegrityError(
        `the stored file for attachment ${sha256} is corrupted: its content now hashes to ${actual}`,
      );
    }
    return { attachment, stream: this.deps.store.open(sha256) };
  }
}

function safeFilename(name: string): string {
  const base = name
    .replace(/^.*[\\/]/, '')
    .replace(/\p{Cc}/gu, '')
    .trim();
  return base.slice(0, 255) || 'file';
}

/** Attachments are a managed field of sources, outside the client-writable field types. */
function attachmentsOf(source: object): Attachment[] {
  return (source as { attachments?: Attachment[] }).attachments ?? [];
}
