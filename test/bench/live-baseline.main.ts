import { createServer } from 'node:http';
import { once } from 'node:events';
import { Server } from 'socket.io';

/**
 * The baseline of `bench:live`: a bare socket.io server on `/live` (no authentication, rooms,
 * outbox or database) that broadcasts whatever its parent sends it to every socket. Prints its port.
 */
async function main(): Promise<void> {
  const http = createServer();
  const io = new Server(http, { path: '/socket.io', serveClient: false });
  const live = io.of('/live');
  process.on('message', (message: { type: string; payload: unknown }) => {
    live.emit(message.type, message.payload);
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  process.send!({ port: (http.address() as { port: number }).port });
}

void main();
