export type Route =
  | { view: 'landing' }
  | { view: 'meeting'; meetingId: string }
  | { view: 'moderate'; meetingId: string }
  | { view: 'display'; meetingId: string }
  | { view: 'consultation'; consultationId: string }
  | { view: 'organize'; consultationId: string }
  | { view: 'receipt'; consultationId: string; submissionId: string }
  | { view: 'notFound' };

/** Four pages, one pattern each; links are plain URLs, so every view survives a reload. */
export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { view: 'landing' };
  const consultation = /^\/c\/([^/]+)(?:\/(organize)|\/receipt\/([^/]+))?\/?$/.exec(pathname);
  if (consultation?.[1]) {
    const consultationId = decodeURIComponent(consultation[1]);
    if (consultation[2] === 'organize') return { view: 'organize', consultationId };
    if (consultation[3]) return { view: 'receipt', consultationId, submissionId: decodeURIComponent(consultation[3]) };
    return { view: 'consultation', consultationId };
  }
  const match = /^\/m\/([^/]+)(?:\/(moderate|display))?\/?$/.exec(pathname);
  if (!match?.[1]) return { view: 'notFound' };
  const meetingId = decodeURIComponent(match[1]);
  if (match[2] === 'moderate') return { view: 'moderate', meetingId };
  if (match[2] === 'display') return { view: 'display', meetingId };
  return { view: 'meeting', meetingId };
}
