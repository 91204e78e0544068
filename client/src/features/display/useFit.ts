import { type RefObject, useEffect, useLayoutEffect, useState } from 'react';

/** How many steps each column of the room display has had to give way to fit the screen. */
export interface Fit {
  main: number;
  side: number;
}

interface Fitted extends Fit {
  key: readonly unknown[];
}

const overflows = (element: HTMLElement | null) => element !== null && element.scrollHeight > element.clientHeight + 1;
const sameKey = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((value, i) => value === b[i]);

/** The window's size, so that a projector switched to another resolution fits again. */
export function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const resized = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);
  return size;
}

/**
 * Measures, before the browser paints, whether a column's content runs past its bottom, and if so
 * takes that column one step further down its ladder (fewer or smaller parts). Whatever changes what
 * is shown (`key`: the meeting, the language, the screen's size) starts again from nothing given up,
 * so a quieter screen gets its full picture back; within one key the steps only go down, so a
 * ticking clock never makes the layout swing back and forth.
 */
export function useFit(
  key: readonly unknown[],
  columns: { main: RefObject<HTMLElement | null>; side: RefObject<HTMLElement | null> },
  steps: Fit,
): Fit {
  const [fitted, setFitted] = useState<Fitted>({ key, main: 0, side: 0 });
  const current = sameKey(fitted.key, key) ? fitted : { key, main: 0, side: 0 };
  // No dependencies: content that arrives on its own (the QR code) is measured at the next render.
  useLayoutEffect(() => {
    const main = current.main + (current.main < steps.main - 1 && overflows(columns.main.current) ? 1 : 0);
    const side = current.side + (current.side < steps.side - 1 && overflows(columns.side.current) ? 1 : 0);
    if (current !== fitted || main !== current.main || side !== current.side) setFitted({ key, main, side });
  });
  return current;
}
