// A TCP proxy between a client and a server that counts the bytes sent up and can cut the
// connection after a given number of them: a link that dies part-way through an upload. Each new
// connection asks `target` where to go, so it also stands in for a load balancer.
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { onTestFinished } from 'vitest';

export interface TcpProxy {
  url: string;
  /** Bytes passed from clients to the server so far, over all connections. */
  bytesUp(): number;
  /** Connections opened so far. */
  connections(): number;
  /** Cuts the connection that carries byte number `bytes` (counted from now), once. */
  cutAfter(bytes: number): void;
  /**
   * Stops passing bytes up once `bytes` more have passed (the request on its way stays open);
   * resolves then, with the function that lets them pass again.
   */
  pauseAfter(bytes: number): Promise<() => void>;
  /** Holds the first bytes connection number `index` (from 0) sends until the function is called. */
  pauseConnection(index: number): Promise<() => void>;
  /**
   * Drops every open connection, as a server going away does, and gives the clients' side a moment
   * to see it (a keep-alive connection seen too late fails the next request on it).
   */
  dropAll(): Promise<void>;
}

export async function tcpProxy(target: (connection: number) => string): Promise<TcpProxy> {
  let up = 0;
  let opened = 0;
  let cutAt: number | null = null;
  let pause: { at: number; reached(resume: () => void): void } | null = null;
  const held = new Map<number, (resume: () => void) => void>();
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const index = opened++;
    const upstreamUrl = new URL(target(index));
    const upstream = connect(Number(upstreamUrl.port), upstreamUrl.hostname);
    sockets.add(client).add(upstream);
    const drop = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const hold = held.get(index);
      if (hold) {
        held.delete(index);
        client.pause();
        hold(() => {
          client.unshift(chunk);
          client.resume();
        });
        return;
      }
      if (cutAt !== null && up + chunk.length >= cutAt) {
        const room = cutAt - up;
        cutAt = null;
        up += room;
        // What got through reaches the server before the connection ends; nothing after it does.
        upstream.end(chunk.subarray(0, room));
        client.destroy();
        return;
      }
      up += chunk.length;
      if (pause && up >= pause.at) {
        const { reached } = pause;
        pause = null;
        upstream.write(chunk);
        client.pause();
        reached(() => client.resume());
        return;
      }
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    client.on('end', () => upstream.end());
    upstream.pipe(client);
    client.on('error', drop);
    upstream.on('error', drop);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bytesUp: () => up,
    connections: () => opened,
    cutAfter(bytes) {
      cutAt = up + bytes;
    },
    async dropAll() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => setTimeout(resolve, 20));
    },
    pauseConnection(index) {
      return new Promise((reached) => held.set(index, reached));
    },
    pauseAfter(bytes) {
      return new Promise((reached) => {
        pause = { at: up + bytes, reached };
      });
    },
  };
}
