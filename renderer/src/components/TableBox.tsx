import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * The box a data table scrolls in when it is wider than the window, so the page itself never
 * scrolls sideways (WCAG 2.1 SC 1.4.10). While it overflows it is a focusable, labelled region
 * (keyboard users scroll it with the arrow keys); otherwise it is neither a landmark nor a tab stop.
 */
export function TableBox({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [overflows, setOverflows] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => setOverflows(box.scrollWidth > box.clientWidth + 1);
    const resized = new ResizeObserver(measure);
    const watch = () => {
      resized.disconnect();
      resized.observe(box);
      if (box.firstElementChild) resized.observe(box.firstElementChild);
      measure();
    };
    // Content that arrives later (a chart's table once its data loads) replaces the box's child: watch the new one.
    const changed = new MutationObserver(watch);
    changed.observe(box, { childList: true, subtree: true, characterData: true });
    watch();
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, []);
  return (
    <div
      ref={ref}
      className="table-wrap"
      {...(overflows ? { role: 'region', 'aria-label': `Scrollable table: ${label}`, tabIndex: 0 } : {})}
    >
      {children}
    </div>
  );
}
