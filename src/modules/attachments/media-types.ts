import { open } from 'node:fs/promises';
import { UnsupportedMedia } from '../../lib/errors.js';

/** Kinds of file a source may carry, recognised by their bytes, never by their name alone. */
const RECOGNISED = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/heic',
  'video/mp4',
  'video/webm',
  'video/quicktime',
  'video/x-matroska',
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'audio/mp4',
  'audio/x-m4a',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/** Text has no signature: accepted when declared as one of these and free of binary bytes. */
const TEXT = new Set(['text/plain', 'text/csv', 'text/markdown', 'application/json']);

/**
 * Declarations that say nothing about a file whose content has a signature. A part sent without
 * a Content-Type is text/plain by default (RFC 7578 §4.4) and arrives as such, so a script that
 * names no type for its PDF is not refused for a mismatch; the stored type is the detected one.
 */
const GENERIC = new Set(['application/octet-stream', 'text/plain', '']);

/** The media type of a staged file, or an error saying why it is refused. */
export async function checkMediaType(file: string, declared: string): Promise<string> {
  const declaredType = declared.split(';')[0]!.trim().toLowerCase();
  // Loaded with the first upload, not at start: the server starts faster without it.
  const { fileTypeFromFile } = await import('file-type');
  const detected = await fileTypeFromFile(file);
  if (detected) {
    if (!RECOGNISED.has(detected.mime)) {
      throw new UnsupportedMedia(`files of type ${detected.mime} are not accepted`);
    }
    if (!GENERIC.has(declaredType) && declaredType !== detected.mime) {
      throw new UnsupportedMedia(
        `the file was declared as ${declaredType} but its content is ${detected.mime}`,
      );
    }
    return detected.mime;
  }
  if (TEXT.has(declaredType) && (await looksLikeText(file))) return declaredType;
  throw new UnsupportedMedia(
    `the content of the file is not a recognised document, image, audio or video format${
      declaredType ? ` (declared as ${declaredType})` : ''
    }`,
  );
}

async function looksLikeText(file: string): Promise<boolean> {
  const handle = await open(file);
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, lastCompleteChar(head)));
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/** Index after the last complete UTF-8 sequence, so a read cut mid-character still decodes. */
function lastCompleteChar(bytes: Buffer): number {
  const end = bytes.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const byte = bytes[end - back]!;
    if ((byte & 0xc0) === 0xc0) return end - back;
    if ((byte & 0x80) === 0) break;
  }
  return end;
}
