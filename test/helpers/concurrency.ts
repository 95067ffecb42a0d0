/**
 * Two parties meet here, or the first goes on alone after `ms` when the second cannot come (it
 * waits on a lock the first holds, or, on SQLite, for the one connection).
 */
export function meetingPoint(ms: number) {
  let arrived = 0;
  let release = () => {};
  const both = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    if (++arrived === 2) release();
    await Promise.race([both, new Promise((resolve) => setTimeout(resolve, ms))]);
  };
}
