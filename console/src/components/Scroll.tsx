import type { ReactNode } from 'react';

/** A wide table scrolls inside its own box, which keyboard users can focus to scroll it. */
export function TableScroll({ children }: { readonly children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable box must take focus to be scrolled by keyboard
    <div className="table-scroll" tabIndex={0}>
      {children}
    </div>
  );
}
