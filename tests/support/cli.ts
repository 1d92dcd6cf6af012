import { spawn, type ChildProcess } from 'node:child_process';
import { projectPath } from '../../src/config/paths.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const KENTRO = projectPath('bin', 'kentro.js');

function baseEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // A clean environment: only what the test sets, plus what node needs to run.
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...env };
}

/** Runs `kentro <args>` to completion, like an operator would. */
export function runKentro(args: string[], env: Record<string, string>, input?: string, cwd?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KENTRO, ...args], { env: baseEnv(env), cwd: cwd ?? projectPath() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts `kentro serve` on a free port and resolves once /healthz answers. `command` runs
 * something else that serves (e.g. `npm start`) in its own process group, so that stopping it
 * reaches the server under npm and its shell.
 */
export async function startKentro(env: Record<string, string>, cwd?: string, command?: string[]): Promise<ServeProcess> {
  const port = String(await freePort());
  const options = { env: baseEnv({ PORT: port, HOST: '127.0.0.1', ...env }), cwd: cwd ?? projectPath(), detached: command !== undefined };
  const child = command ? spawn(command[0]!, command.slice(1), options) : spawn(process.execPath, [KENTRO, 'serve'], options);
  const kill = (signal: NodeJS.Signals) => (command ? process.kill(-child.pid!, signal) : child.kill(signal));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  // `npm start` builds first; a loaded CI machine may take a while.
  const deadline = Date.now() + (command ? 90_000 : 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`kentro serve exited with ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      kill('SIGKILL');
      throw new Error(`kentro serve did not come up: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) kill(signal);
      return exited;
    },
  };
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}
