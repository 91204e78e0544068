/**
 * Per-meeting credentials kept by the browser, so a reload or a reconnect is
 * the same person (participant token) or the same chair (moderator key).
 */
const tokenKey = (meetingId: string) => `plenary:token:${meetingId}`;
const moderatorKeyKey = (meetingId: string) => `plenary:moderator:${meetingId}`;

const leftKey = (meetingId: string) => `plenary:left:${meetingId}`;

export const loadParticipantToken = (meetingId: string) => localStorage.getItem(tokenKey(meetingId));
export const saveParticipantToken = (meetingId: string, token: string) => localStorage.setItem(tokenKey(meetingId), token);

/** Forgets this browser's participant entirely: joining again makes a new participant. */
export function forgetParticipantToken(meetingId: string): void {
  localStorage.removeItem(tokenKey(meetingId));
  localStorage.removeItem(leftKey(meetingId));
}

/**
 * A participant who left keeps their token: taking part again from this browser is the same
 * person (same id, same statistics), unless they asked to be forgotten. Meanwhile the page
 * follows the meeting as an attendee; this remembers the name to offer "take part again".
 */
export const loadLeftAs = (meetingId: string) => localStorage.getItem(leftKey(meetingId));
export const markLeft = (meetingId: string, name: string) => localStorage.setItem(leftKey(meetingId), name);
export const clearLeft = (meetingId: string) => localStorage.removeItem(leftKey(meetingId));

/**
 * The moderator key arrives in the link's fragment (#key=…), which is never
 * sent to a server. It is kept for this meeting and taken out of the address
 * bar, so that it does not show on a shared screen.
 */
export function takeModeratorKey(meetingId: string): string | null {
  const fromLink = new URLSearchParams(window.location.hash.slice(1)).get('key');
  if (fromLink) {
    localStorage.setItem(moderatorKeyKey(meetingId), fromLink);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromLink;
  }
  return localStorage.getItem(moderatorKeyKey(meetingId));
}
