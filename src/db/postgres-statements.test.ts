import type { Pool, PoolClient } from 'pg';
import { describe, expect, it } from 'vitest';
import { withPreparedStatements } from './postgres-statements.js';

/** A pool of one fake client that records what each query was sent as. */
function recordingPool() {
  const sent: unknown[] = [];
  const client = {
    query: (...args: unknown[]) => {
      sent.push(args.length === 1 ? args[0] : { text: args[0], values: args[1] });
      return Promise.resolve({ rows: [] });
    },
    release: () => {},
  };
  const pool = { connect: async () => client, end: async () => {} };
  return { pool: pool as unknown as Pool, sent, client: client as unknown as PoolClient };
}

describe('prepared statements on PostgreSQL', () => {
  it('names a statement once it is in steady use, the same name on every connection', async () => {
    const { pool, sent } = recordingPool();
    const prepared = withPreparedStatements(pool);
    const text = 'select * from people where id = $1';
    for (let i = 0; i < 4; i++) await (await prepared.connect()).query(text, [`id-${i}`]);
    expect(sent.slice(0, 2)).toEqual([
      { text, values: ['id-0'] },
      { text, values: ['id-1'] },
    ]);
    expect(sent.slice(2)).toEqual([
      { name: 'habeas_1', text, values: ['id-2'] },
      { name: 'habeas_1', text, values: ['id-3'] },
    ]);
  });

  it('never names a one-off statement, and passes cursors through untouched', async () => {
    const { pool, sent } = recordingPool();
    const client = await withPreparedStatements(pool).connect();
    await client.query('create index once_idx on people (id)', []);
    await client.query('select 1', []);
    const cursor = { read: async () => [], close: async () => {} };
    client.query(cursor);
    expect(sent).toEqual([
      { text: 'create index once_idx on people (id)', values: [] },
      { text: 'select 1', values: [] },
      cursor,
    ]);
  });

  it('stops naming at its limit, so no connection keeps statements without bound', async () => {
    const { pool, sent } = recordingPool();
    const client = await withPreparedStatements(pool).connect();
    for (let shape = 0; shape < 501; shape++) {
      for (let i = 0; i < 3; i++) await client.query(`select ${shape}`, []);
    }
    const named = sent.filter((q) => typeof q === 'object' && q !== null && 'name' in q);
    expect(new Set(named.map((q) => (q as { name: string }).name)).size).toBe(500);
    expect(sent.at(-1)).toEqual({ text: 'select 500', values: [] });
    // statements named before the limit keep their names
    await client.query('select 0', []);
    expect(sent.at(-1)).toEqual({ name: 'habeas_1', text: 'select 0', values: [] });
  });

  it('hands Kysely the same wrapper for the same connection', async () => {
    const { pool } = recordingPool();
    const prepared = withPreparedStatements(pool);
    expect(await prepared.connect()).toBe(await prepared.connect());
  });
});
