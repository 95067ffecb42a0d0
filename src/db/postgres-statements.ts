import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type { Pool, PoolClient } from 'pg';

/** Statements given a name (and so kept prepared on each connection), at most. */
const NAMED_LIMIT = 500;
/** Uses of a statement's text before it is named: one-off statements (DDL, migrations) never are. */
const USES_BEFORE_NAMING = 3;
/** Texts whose uses are counted, at most. */
const USES_KEPT = 10_000;

/**
 * Kysely sends every query unnamed, so PostgreSQL parses it afresh each time. A named statement
 * is parsed once per connection (each run is still planned for its own parameters: see
 * `plan_cache_mode` in database.ts). The application's SQL comes in a small set of shapes, so
 * naming the ones in steady use covers nearly every query; the cap bounds what each connection
 * keeps (PostgreSQL holds a prepared statement for the connection's life).
 */
export function withPreparedStatements(pool: Pool): PostgresPool {
  const uses = new Map<string, number>();
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    const named = names.get(text);
    if (named || names.size >= NAMED_LIMIT) return named;
    const count = (uses.get(text) ?? 0) + 1;
    if (count < USES_BEFORE_NAMING) {
      // Texts seen once or twice (lists of ids vary in length) are forgotten now and then.
      if (uses.size >= USES_KEPT) uses.clear();
      uses.set(text, count);
      return undefined;
    }
    uses.delete(text);
    const name = `habeas_${names.size + 1}`;
    names.set(text, name);
    return name;
  };
  const wrapped = new WeakMap<PoolClient, PostgresPoolClient>();
  const wrap = (client: PoolClient): PostgresPoolClient => {
    let wrapper = wrapped.get(client);
    if (!wrapper) {
      wrapper = {
        // biome-ignore lint/suspicious/noExplicitAny: passes Kysely's two call shapes through
        query(sqlOrCursor: any, parameters?: ReadonlyArray<unknown>): any {
          if (typeof sqlOrCursor !== 'string') return client.query(sqlOrCursor);
          const name = nameFor(sqlOrCursor);
          const values = parameters as unknown[];
          return name
            ? client.query({ name, text: sqlOrCursor, values })
            : client.query(sqlOrCursor, values);
        },
        release: (destroy?: boolean) => client.release(destroy),
      };
      wrapped.set(client, wrapper);
    }
    return wrapper;
  };
  return {
    connect: async () => wrap(await pool.connect()),
    end: () => pool.end(),
  };
}
