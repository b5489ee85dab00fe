import { parentPort } from 'node:worker_threads';
import { type ReadHeadOptions, readHead } from './read-head.ts';
import { UnreadableFileError } from './read-rows.ts';

// A parser thread (parse-in-thread.ts starts it through parser-thread.mjs, ahead of need):
// reads the head of the one file it is sent and posts it, or why the file cannot be read.
// The parent then ends the thread, and its heap with it.
parentPort?.once('message', async ({ options }: { options: ReadHeadOptions }) => {
  try {
    parentPort?.postMessage({ head: await readHead(options) });
  } catch (error) {
    parentPort?.postMessage(
      error instanceof UnreadableFileError
        ? { refused: { reason: error.reason, message: error.message } }
        : { failed: (error as Error).message },
    );
  }
});
