import { saveParticipantToken } from './credentials.js';

/**
 * A one-time link from the chair (`/m/<id>#claim=<code>`) turns this browser
 * into the participant the chair put on the list: the code is exchanged for
 * the participant's token once, then taken out of the address bar.
 */
export async function redeemClaimLink(): Promise<void> {
  const code = new URLSearchParams(window.location.hash.slice(1)).get('claim');
  const meetingId = /^\/m\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
  if (!code || !meetingId) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  try {
    const response = await fetch(`/api/meetings/${meetingId}/claims`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });
    if (response.ok) saveParticipantToken(decodeURIComponent(meetingId), ((await response.json()) as { token: string }).token);
  } catch {
    // Without the server the link stays unused: the person can ask the chair again or join by name.
  }
}
