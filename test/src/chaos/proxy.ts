// A TCP proxy in front of a server, to inject link faults: blackhole (sockets stay open, bytes
// vanish), refuse (connections cut), delay, and "lose the answer" (the request reaches the server,
// the client's connection is cut when the first byte of the answer comes back).
import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'blackhole' | 'refuse';

export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  mode: ProxyMode = 'pass';
  /** Added to every chunk in both directions. */
  delayMs = 0;
  /** The next N answers are lost: the client socket is destroyed instead of receiving them. */
  loseAnswers = 0;
  answersLost = 0;
  connections = 0;
  port = 0;

  constructor(private readonly target: { host?: string; port: number }) {}

  async listen(port = 0): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    this.server.listen(port, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Change the mode; `refuse` also cuts every open connection. */
  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'refuse') for (const [a, b] of this.pairs) this.cut(a, b);
  }

  async close(): Promise<void> {
    for (const [a, b] of this.pairs) this.cut(a, b);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (this.mode === 'refuse') {
      client.destroy();
      return;
    }
    this.connections++;
    const upstream = connect({ host: this.target.host ?? '127.0.0.1', port: this.target.port });
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    client.on('data', (chunk) => this.forward(chunk, upstream));
    upstream.on('data', (chunk) => {
      if (this.loseAnswers > 0) {
        this.loseAnswers--;
        this.answersLost++;
        this.cut(client, upstream);
        return;
      }
      this.forward(chunk, client);
    });
    const end = () => this.cut(client, upstream);
    for (const s of pair) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  private forward(chunk: Buffer, to: Socket): void {
    if (this.mode !== 'pass') return;
    if (this.delayMs <= 0) {
      if (!to.destroyed) to.write(chunk);
      return;
    }
    setTimeout(() => {
      if (!to.destroyed) to.write(chunk);
    }, this.delayMs);
  }

  private cut(a: Socket, b: Socket): void {
    a.destroy();
    b.destroy();
    for (const p of this.pairs) if (p[0] === a) this.pairs.delete(p);
  }
}
