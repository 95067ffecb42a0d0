import type { ExportFormat } from './formats/index.js';
import { FORMAT_MEDIA } from './formats/index.js';

/** `habeas-people-2026-11-29.csv`: what it is and when, so a folder of exports sorts itself. */
export function exportFileName(what: string, format: ExportFormat, at = new Date()): string {
  const slug = what
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `habeas-${slug}-${at.toISOString().slice(0, 10)}.${FORMAT_MEDIA[format].extension}`;
}

/** A Content-Disposition that makes browsers save the file under that name. */
export const attachment = (fileName: string) => `attachment; filename="${fileName}"`;
