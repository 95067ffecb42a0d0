/**
 * Callers waiting at once share reads: each gets a read sent after it asked (so it sees every
 * write committed before it asked), but while one read is on its way every caller arriving meanwhile
 * waits for the single next one instead of sending its own. Under load that is one query per
 * round trip instead of one per request.
 */
export function sharedReads<T>(read: () => Promise<T>): () => Promise<T> {
  let sent: Promise<T> | undefined;
  let next: Promise<T> | undefined;
  const send = () => {
    const reading = read().finally(() => {
      if (sent === reading) sent = undefined;
    });
    sent = reading;
    return reading;
  };
  return () => {
    if (!sent) return send();
    // The read on its way may have been sent before this call: wait for the one after it.
    next ??= sent
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        next = undefined;
        return send();
      });
    return next;
  };
}
