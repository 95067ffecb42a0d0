import type pg from 'pg';

/** What a listener on a PostgreSQL notice channel is told. */
export interface NoticeHandlers {
  /** The channel is listened on: every notice sent from now on will arrive. */
  listening(): void;
  notice(payload: string): void;
  /** The connection is gone: notices sent from now until the next `listening` may be missed. */
  lost(): void;
}

/** Seen in `pg_stat_activity`, so an administrator can tell the listeners from the pool. */
export const LISTENER_APPLICATION_NAME = 'habeas-notices';

const RETRY_MS = { first: 250, max: 30_000 };

/**
 * A connection of its own (a pooled one is handed back between queries, and LISTEN lasts only as
 * long as its session) that LISTENs on `channel` and reconnects, with growing pauses, whenever
 * it is dropped: a server restart or a failover costs the listener its notices for a while, and
 * the handlers are told so, never a crash.
 */
export function listenForNotices(
  driver: typeof pg,
  url: string,
  channel: string,
  handlers: NoticeHandlers,
): { close(): Promise<void> } {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let pause = RETRY_MS.first;

  const connect = async () => {
    if (closed) return;
    const current = new driver.Client({
      connectionString: url,
      application_name: LISTENER_APPLICATION_NAME,
      // A peer that vanishes without closing (a network partition) is noticed, not waited on.
      keepAlive: true,
    });
    client = current;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      handlers.lost();
      current.end().catch(() => {});
      if (closed) return;
      retry = setTimeout(connect, pause);
      pause = Math.min(pause * 2, RETRY_MS.max);
    };
    current.on('error', drop);
    current.on('end', drop);
    current.on('notification', (message) => {
      if (message.channel === channel) handlers.notice(message.payload ?? '');
    });
    try {
      await current.connect();
      // The channel is a constant of ours, never input: an identifier cannot be a parameter.
      await current.query(`listen ${channel}`);
    } catch {
      drop();
      return;
    }
    if (closed || dropped) return;
    pause = RETRY_MS.first;
    handlers.listening();
  };
  void connect();

  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
