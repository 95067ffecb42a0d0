import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.js';
import { serverSettingWarnings, warningsFor } from './server-settings.js';

describe('warning an operator about the database server settings', () => {
  it('says nothing when autovacuum and its row counts are on', () => {
    expect(warningsFor({ autovacuum: 'on', track_counts: 'on' })).toEqual([]);
  });

  it('names what is off and how to turn it on', () => {
    const [warning] = warningsFor({ autovacuum: 'off', track_counts: 'on' });
    expect(warning).toMatch(/^PostgreSQL's autovacuum is off/);
    expect(warning).toContain('ALTER SYSTEM SET autovacuum = on; SELECT pg_reload_conf()');
    expect(warning).not.toContain('track_counts');
    const [both] = warningsFor({ autovacuum: 'off', track_counts: 'off' });
    expect(both).toMatch(/^PostgreSQL's autovacuum and track_counts are off/);
    expect(both).toContain('ALTER SYSTEM SET track_counts = on;');
  });

  describe('read off the server it is connected to', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(() => t.cleanup());

    it('warns on PostgreSQL exactly when the server runs without autovacuum; never on SQLite', async () => {
      const warnings = await serverSettingWarnings(t.database);
      if (t.database.engine === 'sqlite') {
        expect(warnings).toEqual([]);
        return;
      }
      const { rows } = await sql<{ autovacuum: string; track_counts: string }>`
        select current_setting('autovacuum') as autovacuum,
               current_setting('track_counts') as track_counts`.execute(t.database.db);
      const off = rows[0]?.autovacuum === 'off' || rows[0]?.track_counts === 'off';
      expect(warnings.length).toBe(off ? 1 : 0);
    });
  });
});
