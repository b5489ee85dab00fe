// Child processes of the demo and of the browser tests' setup: started with their output
// prefixed by name, waited for over HTTP, stopped with SIGTERM (SIGKILL if they hang).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';

const colours = [36, 35, 33, 32, 34, 31];
let started = 0;

/**
 * Starts `command args` with its stdout and stderr written line by line as `[name] …`.
 * `detached` puts it in its own process group, so a Ctrl-C in the terminal reaches only
 * the parent, which then stops its children in order.
 */
export function startService({ name, command, args = [], env = {}, cwd, detached = false, quiet = false }) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const colour = colours[started++ % colours.length];
  const label = process.stdout.isTTY ? `\x1b[${colour}m[${name}]\x1b[0m` : `[${name}]`;
  const recent = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 40) recent.shift();
      if (!quiet) console.log(`${label} ${line}`);
    });
  }
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal));
    child.on('error', (error) => resolve(error.message));
  });
  return { name, child, exited, recent, running: () => child.exitCode === null && child.signalCode === null };
}

/** Resolves when `url` answers with a status below 500; rejects if the service exits first or time runs out. */
export async function waitForUrl(url, service, { timeoutMs = 60_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  service.exited.then(() => {
    exited = true;
  });
  for (;;) {
    if (exited)
      throw new Error(`${service.name} exited before ${url} answered:\n${service.recent.join('\n')}`);
    try {
      const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process has exited. */
export async function stopService(service, { timeoutMs = 10_000 } = {}) {
  if (!service.running()) return service.exited;
  service.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (service.running()) {
      console.log(`[${service.name}] did not stop within ${timeoutMs} ms; killing it`);
      service.child.kill('SIGKILL');
    }
  }, timeoutMs);
  const result = await service.exited;
  clearTimeout(timer);
  return result;
}

/** `preferred` if nothing listens on it (on 127.0.0.1 and 0.0.0.0), else a port the system picks. */
export async function freePort(preferred = 0) {
  if (preferred && (await canListen(preferred))) return preferred;
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function canListen(port) {
  for (const host of ['0.0.0.0', '127.0.0.1']) {
    const ok = await new Promise((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, host, () => server.close(() => resolve(true)));
    });
    if (!ok) return false;
  }
  return true;
}
