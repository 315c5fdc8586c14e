// Child processes of the reliability suite: each runs in its own process group so a signal
// reaches it and everything it started; output is kept (bounded) for the failure message.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repository root (this file is test/src/chaos/process.ts). */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const LOG_LIMIT = 64_000;

export interface SpawnSpec {
  name: string;
  /** A TypeScript entry point relative to the repository root, run with tsx... */
  script?: string;
  /** ...or an executable run as is. */
  command?: string;
  /** Modules node loads first (`--import`), e.g. a skewed clock. */
  imports?: string[];
  /** A command put in front, e.g. `['prlimit', '--fsize=2000000']`. */
  wrap?: string[];
  args?: string[];
  env?: Record<string, string>;
}

/** A running child: signals go to its whole process group. */
export class ManagedProcess {
  private child: ChildProcess;
  private log = '';
  private exited: Promise<number | null>;
  exitCode: number | null | undefined;

  constructor(readonly spec: SpawnSpec) {
    const argv = spec.command
      ? [spec.command, ...(spec.args ?? [])]
      : [
          process.execPath,
          '--import',
          'tsx',
          ...(spec.imports ?? []).flatMap((m) => ['--import', m]),
          spec.script ?? '',
          ...(spec.args ?? []),
        ];
    const [cmd = '', ...rest] = [...(spec.wrap ?? []), ...argv];
    this.child = spawn(cmd, rest, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...spec.env, NODE_OPTIONS: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-LOG_LIMIT);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((done) =>
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? -1 : null);
        done(code);
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  output(): string {
    return this.log;
  }

  /** Send a signal to the process group (no-op once it exited). */
  signal(sig: NodeJS.Signals): void {
    if (!this.running || this.pid < 0) return;
    try {
      process.kill(-this.pid, sig);
    } catch {
      // already gone
    }
  }

  /** Resolve once output matching `pattern` appeared; reject on exit or timeout. */
  async waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.log.match(pattern);
      if (m) return m;
      if (!this.running) throw new Error(`${this.spec.name} exited (${this.exitCode}):\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`${this.spec.name}: no ${pattern} in time:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; always resolves. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGCONT');
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** kill -9 of the whole group, then wait for the exit. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** Resident memory (bytes), open file descriptors and CPU time used so far (ms). */
  usage(): { rssBytes: number; fds: number; cpuMs: number } {
    const pid = this.pid;
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      // Fields 14 and 15 of /proc/pid/stat (after the command in parentheses): user and system ticks.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      const ticks = Number(stat[11] ?? 0) + Number(stat[12] ?? 0);
      return { rssBytes: kb * 1024, fds: readdirSync(`/proc/${pid}/fd`).length, cpuMs: ticks * 10 };
    } catch {
      return { rssBytes: 0, fds: 0, cpuMs: 0 };
    }
  }
}

/** Every process a test started: stopped in afterEach/afterAll even when the test failed. */
export class ProcessGroup {
  private readonly all: ManagedProcess[] = [];

  start(spec: SpawnSpec): ManagedProcess {
    const p = new ManagedProcess(spec);
    this.all.push(p);
    return p;
  }

  list(): readonly ManagedProcess[] {
    return this.all;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.all.map((p) => p.stop()));
    this.all.length = 0;
  }
}
