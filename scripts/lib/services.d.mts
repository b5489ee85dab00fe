import type { ChildProcess } from 'node:child_process';

export interface Service {
  name: string;
  child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  /** The last lines it printed, for error messages. */
  recent: string[];
  running(): boolean;
}

export interface StartServiceOptions {
  name: string;
  command: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Own process group: a terminal's Ctrl-C reaches only the parent. */
  detached?: boolean;
  /** Keep output to `recent` only (shown if it fails to start). */
  quiet?: boolean;
}

export function startService(options: StartServiceOptions): Service;
export function waitForUrl(url: string, service: Service, options?: { timeoutMs?: number }): Promise<void>;
export function stopService(service: Service, options?: { timeoutMs?: number }): Promise<number | string>;
export function freePort(preferred?: number): Promise<number>;
