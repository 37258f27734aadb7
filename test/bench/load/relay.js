// The baseline: a plain `ws` server doing the least any server must for the same traffic. It reads each agent
// frame (JSON.parse, to know what it is), answers hello with welcome and each batch with an ack, and forwards
// the frame's bytes, unchanged and serialised once, to the staff sockets that would see it on the console: those
// watching the agent's room (/live?room=R) and those watching everything (/live). Nothing is stored. As the
// console does, it asks the PCs of a watched room for thumbnails and forwards their binary frames unread.
// Started by run.js as its own process so its CPU and memory are measured apart; prints its port.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const heartbeatIntervalMs = Number(process.env.BENCH_HEARTBEAT_MS ?? 30_000);
const thumbnailIntervalMs = Number(process.env.BENCH_THUMBNAIL_MS ?? 1000);
const server = createServer((_request, response) => response.writeHead(404).end());
const agentsServer = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const staffServer = new WebSocketServer({ noServer: true, perMessageDeflate: false });
/** Staff sockets by room, and those that see every room. */
const watchersOf = new Map();
const watchingAll = new Set();

server.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url ?? '/', 'http://relay');
  const room = url.searchParams.get('room');
  if (url.pathname === '/agent') {
    agentsServer.handleUpgrade(request, socket, head, (ws) => acceptAgent(ws, room));
  } else if (url.pathname === '/live') {
    staffServer.handleUpgrade(request, socket, head, (ws) => acceptStaff(ws, room));
  } else {
    socket.destroy();
  }
});

function acceptStaff(ws, room) {
  const set = room === null ? watchingAll : (watchersOf.get(room) ?? watchersOf.set(room, new Set()).get(room));
  set.add(ws);
  ws.on('close', () => set.delete(ws));
  ws.on('error', () => undefined);
}

function forward(room, data, binary = false) {
  // Thumbnails go to the room's watchers only, as on the console (an admin's device list shows none). Events go
  // as text, as they came: a Buffer is sent as a binary frame unless told otherwise.
  if (!binary) for (const ws of watchingAll) ws.send(data, { binary: false });
  const watchers = room === null ? undefined : watchersOf.get(room);
  if (watchers) for (const ws of watchers) ws.send(data, { binary });
}

function acceptAgent(ws, room) {
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return void forward(room, data, true);
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch {
      return;
    }
    switch (message.type) {
      case 'hello':
        ws.send(
          JSON.stringify({
            type: 'welcome',
            protocolVersion: message.protocolVersion,
            serverTime: new Date().toISOString(),
            heartbeatIntervalMs,
            lastStoredSeq: 0,
          }),
        );
        if (room !== null && watchersOf.get(room)?.size) {
          const command = { name: 'start-thumbnails', size: 'small', intervalMs: thumbnailIntervalMs };
          ws.send(JSON.stringify({ type: 'command', id: randomUUID(), command }));
        }
        return;
      case 'event-batch':
        forward(room, data);
        ws.send(JSON.stringify({ type: 'ack', throughSeq: message.events[message.events.length - 1].seq }));
        return;
      case 'priority-event':
        forward(room, data);
        return;
      default:
        return;
    }
  });
}

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`relay listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
