/**
 * Test servers on 127.0.0.1: real HTTP over loopback, on a free port.
 */
import type { AddressInfo, Server } from 'node:net';

/** Starts `server` on a free loopback port and resolves with its base URL, e.g. `http://127.0.0.1:41234`. */
export async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
