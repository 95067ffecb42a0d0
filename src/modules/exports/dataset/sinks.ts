import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import { Zip, ZipDeflate } from 'fflate';

/** Where a data set's files go, one after another: a folder, or a zip streamed to anywhere. */
export interface DatasetSink {
  /** a stream for the next file; it must be ended before the next file is opened */
  file(name: string): Writable;
  close(): Promise<void>;
}

export async function directorySink(dir: string): Promise<DatasetSink> {
  await mkdir(dir, { recursive: true });
  return {
    file(name) {
      const target = path.join(dir, name);
      mkdirSync(path.dirname(target), { recursive: true });
      return createWriteStream(target);
    },
    async close() {},
  };
}

/**
 * A zip written as its files arrive (fflate's streaming Zip): only the current chunk is held, and
 * a slow reader of `out` holds back the writer of the file in hand.
 */
export function zipSink(out: Writable): DatasetSink {
  const zip = new Zip();
  let failure: Error | null = null;
  const finished = new Promise<void>((resolve, reject) => {
    zip.ondata = (error, chunk, final) => {
      if (error) {
        failure = error;
        reject(error);
        return;
      }
      out.write(chunk);
      if (final) out.end(() => resolve());
    };
  });
  finished.catch(() => {});
  return {
    file(name) {
      const entry = new ZipDeflate(name, { level: 6 });
      zip.add(entry);
      return new Writable({
        write(chunk: Buffer, _encoding, done) {
          entry.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if (failure) return done(failure);
          if (out.writableNeedDrain) once(out, 'drain').then(() => done(), done);
          else done();
        },
        final(done) {
          entry.push(new Uint8Array(0), true);
          done(failure);
        },
      });
    },
    async close() {
      zip.end();
      await finished;
    },
  };
}
