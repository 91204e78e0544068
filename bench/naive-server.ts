/**
 * The naive peer: how simple real-time tools do it. Socket.IO with its
 * defaults, the whole meeting state sent to every client on connection and
 * again on every change. It starts from the same realistic meeting as
 * Plenary (read from a Plenary snapshot file).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const state = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as {
  version: number;
  meeting: { agenda: { items: { notes: string }[] } };
};
const http = createServer();
const io = new Server(http);
io.on('connection', (socket) => {
  socket.emit('state', state);
  socket.on('command', (command: { notes?: string }, ack?: (result: unknown) => void) => {
    state.version++;
    const item = state.meeting.agenda.items[0];
    if (item && typeof command?.notes === 'string') item.notes = command.notes;
    io.emit('state', state);
    ack?.({ ok: true, version: state.version });
  });
});
http.listen(0, '127.0.0.1', () => {
  const address = http.address();
  if (typeof address === 'object' && address)
    process.stdout.write(`${JSON.stringify({ msg: 'listening', port: address.port })}\n`);
});
