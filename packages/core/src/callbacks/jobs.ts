import type { JobHandler } from '../queues/handlers.ts';
import { runCallbackWindow } from './windows.ts';

/** A callback window's opening or closing came due: the guarded state change of `runCallbackWindow`. */
export const callbackWindowJob: JobHandler<'callbacks.window'> = async (
  { db, tenantId, log },
  { taskId, edge },
) => {
  const result = await runCallbackWindow({ db, tenantId, taskId, edge });
  log.debug({ taskId, edge, result }, 'callback window');
};
