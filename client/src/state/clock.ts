/**
 * Estimates the difference between the server's clock and this browser's,
 * NTP-style: of a few round trips, the one with the shortest round trip
 * gives the best estimate (server time minus the midpoint of the trip).
 */
export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverTime: number;
}

export function estimateOffset(samples: readonly ClockSample[]): number | null {
  let best: ClockSample | null = null;
  for (const sample of samples) {
    if (!best || sample.receivedAt - sample.sentAt < best.receivedAt - best.sentAt) best = sample;
  }
  return best ? best.serverTime - (best.sentAt + best.receivedAt) / 2 : null;
}
