import type { Change } from '../../../shared/events.js';
import type { Snapshot } from '../../../shared/model.js';
import { applyChange } from '../../../shared/reducer.js';

/** What a client holds of a meeting: the snapshot at `version`, plus changes that arrived early. */
export interface LocalMeeting {
  snapshot: Snapshot | null;
  /** Changes newer than the next expected version, kept until the gap is filled. */
  early: Change[];
}

export const emptyLocalMeeting: LocalMeeting = { snapshot: null, early: [] };

/**
 * Applies incoming changes in version order. Old or repeated ones are dropped;
 * ones after a gap are kept and `gap` tells the caller to resync.
 * Pure, so the ordering rules are tested without a socket.
 */
export function integrate(local: LocalMeeting, incoming: readonly Change[]): { local: LocalMeeting; gap: boolean } {
  const byVersion = new Map<number, Change>();
  for (const change of [...local.early, ...incoming]) byVersion.set(change.version, change);
  if (!local.snapshot) return { local: { snapshot: null, early: [...byVersion.values()] }, gap: false };

  let { version, meeting } = local.snapshot;
  for (let next = byVersion.get(version + 1); next; next = byVersion.get(version + 1)) {
    meeting = applyChange(meeting, next);
    version = next.version;
  }
  const early = [...byVersion.values()].filter((change) => change.version > version).sort((a, b) => a.version - b.version);
  return { local: { snapshot: { version, meeting }, early }, gap: early.length > 0 };
}

/** Starts over from a snapshot (on welcome or after a resync), keeping early changes newer than it. */
export function resetTo(local: LocalMeeting, snapshot: Snapshot): { local: LocalMeeting; gap: boolean } {
  const current = local.snapshot;
  // A snapshot older than what we have (a slow resync answer) must not take us back.
  const base = current && current.version > snapshot.version ? current : snapshot;
  return integrate({ snapshot: base, early: local.early }, []);
}
