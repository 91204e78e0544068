import { lazy } from 'react';

/**
 * Runs `load` (a chunk's dynamic import) until it succeeds, every 2 s. A
 * chunk that does not arrive (the connection dropped at that moment, the
 * server is restarting) is fetched once it can be, instead of taking the page
 * down; until then the part of the page it carries is not shown.
 */
export const retrying = <T>(load: () => Promise<T>): Promise<T> =>
  load().catch(() => new Promise<T>((resolve) => setTimeout(() => resolve(retrying(load)), 2e3)));

/** `React.lazy` for a chunk that is fetched again until it arrives. */
export const lazyView: typeof lazy = (load) => lazy(() => retrying(load));
