import { useEffect } from 'react';
import type { HandshakeAuth } from '../../../../shared/protocol.js';
import { connect, disconnect } from '../../state/connection.js';

/** Connects for as long as the view is shown, and again whenever its credentials change. */
export function useMeetingConnection(auth: HandshakeAuth | null): void {
  const key = auth ? JSON.stringify(auth) : null;
  useEffect(() => {
    if (key === null) return;
    connect(JSON.parse(key) as HandshakeAuth);
    return () => disconnect();
  }, [key]);
}
