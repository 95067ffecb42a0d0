import type { Db } from '../../db/database.js';

/** One row per distinct file: what the bytes are, whichever sources carry them. */
export async function recordBlob(
  db: Db,
  blob: { sha256: string; size: number; mediaType: string },
): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      sha256: blob.sha256,
      size: blob.size,
      media_type: blob.mediaType,
      created_at: new Date().toISOString(),
    })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
}
