import type { ReactNode } from 'react';

/**
 * A wide table's sideways-scrolling box. Focusable and named, so someone on a keyboard can
 * scroll it at phone width (axe: scrollable-region-focusable).
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take focus to scroll by keyboard
    <section className="table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
