/**
 * Socket.IO itself, as Plenary configures it (WebSocket only, no
 * compression) and with nothing else: no auth, no rooms but the default, no
 * state, no store. A connection is greeted with an empty `welcome`; a
 * `relay` from the control client is emitted to everyone as a `change`.
 * What Plenary costs beyond this is Plenary's; the rest is Socket.IO's.
 */
import { Server } from 'socket.io';
import { baselineHttpServer } from './baseline-http.js';

const io = new Server(baselineHttpServer(), { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  socket.emit('welcome', {});
  socket.on('relay', (change: unknown) => {
    io.emit('change', change);
  });
});
