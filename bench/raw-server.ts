/**
 * The limit: a bare `ws` server (no Socket.IO, no state, no store) that
 * relays one pre-encoded frame to every connected socket when its control
 * connection asks. Plenary's fan-out is compared against this.
 */
import { type WebSocket, WebSocketServer } from 'ws';
import { baselineHttpServer } from './baseline-http.js';

const wss = new WebSocketServer({ server: baselineHttpServer(), perMessageDeflate: false });
const control = new Set<WebSocket>();
wss.on('connection', (ws, request) => {
  if (request.url === '/control') {
    control.add(ws);
    ws.on('message', (frame) => {
      // The same payload a Plenary client gets, relayed as it came.
      const data = frame.toString();
      for (const client of wss.clients) if (!control.has(client)) client.send(data);
    });
  }
});
