export type Route =
  | { view: 'landing' }
  | { view: 'meeting'; meetingId: string }
  | { view: 'moderate'; meetingId: string }
  | { view: 'display'; meetingId: string }
  | { view: 'notFound' };

/** Four pages, one pattern each; links are plain URLs, so every view survives a reload. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { view: 'landing' };
  const match = /^\/m\/([^/]+)(?:\/(moderate|display))?\/?$/.exec(pathname);
  if (!match?.[1]) return { view: 'notFound' };
  const meetingId = decodeURIComponent(match[1]);
  if (match[2] === 'moderate') return { view: 'moderate', meetingId };
  if (match[2] === 'display') return { view: 'display', meetingId };
  return { view: 'meeting', meetingId };
}
