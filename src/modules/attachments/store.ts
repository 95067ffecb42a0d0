import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface StagedBlob {
  sha256: string;
  size: number;
  tempPath: string;
}

/**
 * Files stored by the SHA-256 of their bytes under the data directory: the same file is kept
 * once, a name can never point at other content, and any change to the bytes is detectable.
 */
export class BlobStore {
  constructor(private readonly root: string) {}

  pathOf(sha256: string): string {
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  /** Streams `input` to a temporary file, hashing as it goes; nothing is buffered whole. */
  async stage(input: Readable): Promise<StagedBlob> {
    const tempDir = path.join(this.root, 'tmp');
    await mkdir(tempDir, { recursive: true });
    const tempPath = path.join(tempDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(input, meter, createWriteStream(tempPath));
    } catch (error) {
      await rm(tempPath, { force: true });
      throw error;
    }
    return { sha256: hash.digest('hex'), size, tempPath };
  }

  /**
   * Moves a staged file to its place. A copy already there is kept only while it still hashes
   * to its name: uploading the same bytes again is how a damaged or lost file is repaired.
   */
  async commit(blob: StagedBlob): Promise<void> {
    const target = this.pathOf(blob.sha256);
    await mkdir(path.dirname(target), { recursive: true });
    if ((await this.actualHash(blob.sha256)) === blob.sha256) {
      await rm(blob.tempPath, { force: true });
    } else {
      await rename(blob.tempPath, target);
    }
  }

  async discard(blob: StagedBlob): Promise<void> {
    await rm(blob.tempPath, { force: true });
  }

  /** The hash of the bytes actually stored, or null when the file is gone. */
  async actualHash(sha256: string): Promise<string | null> {
    const file = this.pathOf(sha256);
    if (!(await exists(file))) return null;
    const hash = createHash('sha256');
    await pipeline(createReadStream(file), hash);
    return hash.digest('hex');
  }

  open(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
