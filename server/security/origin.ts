/**
 * Which browser origins may open a socket or send a state-changing request.
 * A page on another site can make a visitor's browser do both, with whatever
 * the visitor holds (a moderator link's key included): only pages Plenary
 * serves itself, and the origins the operator lists, are let in.
 *
 * - No `Origin` header: not a browser page acting cross-site (curl, scripts,
 *   socket.io-client in Node), so allowed.
 * - `PUBLIC_URL` set: its origin, plus `ALLOWED_ORIGINS`.
 * - `PUBLIC_URL` unset (local use, a LAN, a proxy that passes `Host`): the
 *   origin whose host is the request's own `Host` header, i.e. the page came
 *   from the address the request was sent to; plus `ALLOWED_ORIGINS`.
 * - Anything else, `Origin: null` included (sandboxed frames, files): refused.
 */
export type OriginCheck = (origin: string | undefined, host: string | undefined) => boolean;

export function originCheck(publicUrl: string | null, allowedOrigins: readonly string[]): OriginCheck {
  const allowed = new Set(allowedOrigins.map((origin) => new URL(origin).origin));
  if (publicUrl !== null) allowed.add(new URL(publicUrl).origin);
  return (origin, host) => {
    if (origin === undefined) return true;
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false;
    }
    // Browsers send the serialised origin exactly; anything else (a path, a stray slash) is not one.
    if (parsed.origin !== origin) return false;
    if (allowed.has(parsed.origin)) return true;
    return publicUrl === null && host !== undefined && parsed.host === hostOf(parsed.protocol, host);
  };
}

/** `Host` as a URL would write it for this scheme (lower case, default port left out); '' when malformed. */
function hostOf(protocol: string, host: string): string {
  try {
    return new URL(`${protocol}//${host}`).host;
  } catch {
    return '';
  }
}

/** An HTTP method that changes something, so a cross-site request must be refused before it runs. */
export const changesState = (method: string) =>
  method === 'POST' || method === 'PUT' || method === 'PATCH' || method === 'DELETE';
