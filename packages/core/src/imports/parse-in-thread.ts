import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import { type FileRefusal, importMaxParsers, importParseSeconds } from './file-limits.ts';
import type { FileHead, ReadHeadOptions } from './read-head.ts';
import { UnreadableFileError } from './read-rows.ts';
import { inspectXlsx } from './xlsx-archive.ts';

/** A parser thread's heap: past it the thread is stopped and the file refused, the process untouched. */
export const parserHeapMb = 512;

let running = 0;
const waiting: (() => void)[] = [];

/**
 * Threads started ahead of need, each used for one file and then ended: starting one (a
 * loader for our TypeScript, the reader's modules) takes seconds on a busy machine, which
 * an upload should not wait for; a used thread is never reused, so no file's garbage
 * outlives its parse. Idle ones do not keep the process alive.
 */
const spares: Worker[] = [];

function startThread(): Worker {
  const thread = new Worker(new URL('./parser-thread.mjs', import.meta.url), {
    workerData: { module: new URL('./parser-thread.ts', import.meta.url).href },
    resourceLimits: { maxOldGenerationSizeMb: parserHeapMb },
    stdout: false,
    stderr: false,
  });
  thread.unref();
  // An idle spare that fails to start is dropped; the next parse starts another.
  const drop = () => {
    const at = spares.indexOf(thread);
    if (at >= 0) spares.splice(at, 1);
  };
  thread.once('error', drop);
  thread.once('exit', drop);
  return thread;
}

function takeThread(): Worker {
  const thread = spares.shift() ?? startThread();
  thread.removeAllListeners();
  thread.ref();
  while (spares.length < importMaxParsers()) spares.push(startThread());
  return thread;
}

/** A parser slot of this process, or UNAVAILABLE once `waitMs` passes with all of them busy. */
async function takeSlot(waitMs: number): Promise<() => void> {
  const release = () => {
    running -= 1;
    waiting.shift()?.();
  };
  if (running < importMaxParsers()) {
    running += 1;
    return release;
  }
  await new Promise<void>((resolve, reject) => {
    const wake = () => {
      clearTimeout(timer);
      running += 1;
      resolve();
    };
    const timer = setTimeout(() => {
      waiting.splice(waiting.indexOf(wake), 1);
      reject(
        new AppError('UNAVAILABLE', 'Every file reader is busy: send the file again in a minute', [
          { path: 'file', message: 'the file readers are busy', reason: 'parsersBusy' },
        ]),
      );
    }, waitMs);
    waiting.push(wake);
  });
  return release;
}

type ThreadAnswer =
  | { head: FileHead }
  | { refused: { reason: FileRefusal; message: string } }
  | { failed: string };

/**
 * Reads a file's head (read-head.ts) in a worker thread of its own. An XLSX is inspected
 * first, here (inspectXlsx: its directory, then its entries unpacked and counted, in a few
 * zlib buffers), so an archive that unpacks past the limits is refused before any thread
 * starts. Whatever the file holds, parsing it costs the process at most `parserHeapMb` of heap and
 * IMPORT_PARSE_SECONDS of time, and nothing once it ends: past either the thread is
 * stopped and the file refused. At most IMPORT_MAX_PARSERS run at once per process; a
 * request beyond them waits for one as long as a parse may take, then is told to retry.
 *
 * @example
 * const head = await readHeadInThread({ path, format: 'xlsx', limits: fileLimits(), keep: 20 });
 */
export async function readHeadInThread(options: ReadHeadOptions): Promise<FileHead> {
  const seconds = importParseSeconds();
  const release = await takeSlot(seconds * 1000);
  try {
    if (options.format === 'xlsx') await inspectXlsx(options.path, options.limits);
    return await new Promise<FileHead>((resolve, reject) => {
      const thread = takeThread();
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
        void thread.terminate();
      };
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(new UnreadableFileError(`reading the file took longer than ${seconds} s`, 'parseTimeout')),
          ),
        seconds * 1000,
      );
      thread.on('message', (answer: ThreadAnswer) =>
        settle(() => {
          if ('head' in answer) resolve(answer.head);
          else if ('refused' in answer)
            reject(new UnreadableFileError(answer.refused.message, answer.refused.reason));
          else reject(new Error(`the parser thread failed: ${answer.failed}`));
        }),
      );
      thread.on('error', (error: Error & { code?: string }) =>
        settle(() =>
          reject(
            error.code === 'ERR_WORKER_OUT_OF_MEMORY'
              ? new UnreadableFileError(
                  `reading the file needs more than ${parserHeapMb} MiB`,
                  'parseTooHeavy',
                )
              : error,
          ),
        ),
      );
      thread.on('exit', (code) =>
        settle(() => reject(new Error(`the parser thread ended (exit ${code}) without an answer`))),
      );
      thread.postMessage({ options });
    });
  } finally {
    release();
  }
}
