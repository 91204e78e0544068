/**
 * The limit: a bare `ws` server (no Socket.IO, no state, no store) that
 * relays one pre-encoded frame to every connected socket when its control
 * connection asks. Plenary's fan-out is compared against this.
 */
import { type WebSocket, WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
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
wss.on('listening', () => {
  const address = wss.address();
  if (typeof address === 'object' && address)
    process.stdout.write(`${JSON.stringify({ msg: 'listening', port: address.port })}\n`);
});
