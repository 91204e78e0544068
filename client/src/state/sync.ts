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

/** The outcome of integrating changes: what is held now, and what the caller must ask the server for. */
export interface Integrated {
  local: LocalMeeting;
  /** Changes are missing before the ones kept: ask for the changes after `local.snapshot.version`. */
  gap: boolean;
  /**
   * A change could not be applied (an event this client does not know, from
   * a newer server): ask for a fresh snapshot instead of the changes.
   */
  needsSnapshot: boolean;
}

/**
 * Applies incoming changes in version order. Old or repeated ones are dropped;
 * ones after a gap are kept and `gap` tells the caller to resync. A change
 * that cannot be applied stops there, never throws: the state stays at the
 * version before it, and `needsSnapshot` tells the caller to fetch a snapshot.
 * Pure, so the ordering rules are tested without a socket.
 */
export function integrate(local: LocalMeeting, incoming: readonly Change[]): Integrated {
  const byVersion = new Map<number, Change>();
  for (const change of [...local.early, ...incoming]) byVersion.set(change.version, change);
  if (!local.snapshot) return { local: { snapshot: null, early: [...byVersion.values()] }, gap: false, needsSnapshot: false };

  let { version, meeting } = local.snapshot;
  let needsSnapshot = false;
  for (let next = byVersion.get(version + 1); next; next = byVersion.get(version + 1)) {
    try {
      meeting = applyChange(meeting, next);
    } catch {
      needsSnapshot = true;
      break;
    }
    version = next.version;
  }
  const early = [...byVersion.values()].filter((change) => change.version > version).sort((a, b) => a.version - b.version);
  return { local: { snapshot: { version, meeting }, early }, gap: !needsSnapshot && early.length > 0, needsSnapshot };
}

/** Starts over from a snapshot (on welcome or after a resync), keeping early changes newer than it. */
export function resetTo(local: LocalMeeting, snapshot: Snapshot): Integrated {
  const current = local.snapshot;
  // A snapshot older than what we have (a slow resync answer) must not take us back.
  const base = current && current.version > snapshot.version ? current : snapshot;
  return integrate({ snapshot: base, early: local.early }, []);
}
