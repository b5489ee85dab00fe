// Plain JavaScript so Node can start it as a worker thread: loads parser-thread.ts through tsx.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.module, import.meta.url);
