// The baseline of bench/live-notes.bench.ts: a bare `ws` server that passes every message of a
// room (the URL's path) to the room's other sockets, and nothing else: no auth, no document, no
// database. The same editors typing through it show what the wire and the driver cost by themselves.
// Prints the port it listens on, then runs until killed.
import { WebSocketServer } from 'ws';

const rooms = new Map();
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
server.on('connection', (socket, request) => {
  const room = (request.url ?? '/').split('?')[0];
  const peers = rooms.get(room) ?? new Set();
  rooms.set(room, peers);
  peers.add(socket);
  socket.on('message', (data, isBinary) => {
    for (const peer of peers) if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
  });
  socket.on('close', () => peers.delete(socket));
});
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
