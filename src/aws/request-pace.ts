/**
 * Spaces requests so that no more than `perSecond` start in any second,
 * however many callers share it: each caller takes the next free slot.
 * CloudWatch Logs allows FilterLogEvents 5 requests a second per account
 * and Region; several audits at once share one pace.
 */
export function requestPace(
  perSecond: number,
  clock: { now(): number; sleep(ms: number): Promise<void> },
): () => Promise<void> {
  const spacing = 1000 / perSecond;
  let nextSlot = -Infinity;

  return async () => {
    const now = clock.now();
    const slot = Math.max(now, nextSlot);
    nextSlot = slot + spacing;
    if (slot > now) await clock.sleep(slot - now);
  };
}

/** FilterLogEvents' quota per account and Region. */
export const FILTER_LOG_EVENTS_PER_SECOND = 5;
