import { sql } from 'kysely';
import type { Database } from './database.js';

/** The PostgreSQL settings whose value an operator is warned about at start. */
export interface WatchedSettings {
  autovacuum: string;
  track_counts: string;
}

/**
 * What is wrong with the database server's settings for Habeas, in words for an operator; none
 * on SQLite, which Habeas configures itself.
 */
export async function serverSettingWarnings(database: Database): Promise<string[]> {
  if (database.engine !== 'postgres') return [];
  const { rows } = await sql<WatchedSettings>`
    select current_setting('autovacuum') as autovacuum,
           current_setting('track_counts') as track_counts`.execute(database.db);
  return rows[0] ? warningsFor(rows[0]) : [];
}

/**
 * Without autovacuum (or the row counts it works from) nothing vacuums or analyses a table as
 * records are written: deleted rows pile up, index-only scans go back to the table, and the
 * planner keeps believing a full table empty. Writes are what replace person facts, so the
 * slowdown grows with the data (a 50,000-person import took 320 s with it off, 250 s on).
 */
export function warningsFor(settings: WatchedSettings): string[] {
  const off = [
    settings.autovacuum !== 'on' && 'autovacuum',
    settings.track_counts !== 'on' && 'track_counts',
  ].filter((name): name is string => Boolean(name));
  if (off.length === 0) return [];
  const turnOn = off.map((name) => `ALTER SYSTEM SET ${name} = on; `).join('');
  return [
    `PostgreSQL's ${off.join(' and ')} ${off.length > 1 ? 'are' : 'is'} off on this server: ` +
      'tables are never vacuumed or analysed as records are written, and reads and writes slow ' +
      `down as the data grows. Turn ${off.length > 1 ? 'them' : 'it'} on (${turnOn}` +
      'SELECT pg_reload_conf()), or run VACUUM ANALYZE on a schedule.',
  ];
}
