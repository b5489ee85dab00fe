export { assignCallbacks, assignRoundRobin } from './assign.ts';
export { defaultCallScript, getCallScript, saveCallScript } from './call-script.ts';
export { claimCallback, claimLeaseMinutes, claimNextCallback, releaseCallback } from './claim.ts';
export { groupStatisticsWorkbook, statisticsWorkbook } from './export-statistics.ts';
export { callInputProblems, unsuccessfulBucket } from './outcomes.ts';
export { todaysQueue } from './queue.ts';
export { recordCall } from './record-call.ts';
export * from './schema.ts';
export {
  type CallbackStatisticsOptions,
  callbackStatistics,
  callbackStatisticsCalls,
  callbackStatisticsDirect,
  type GroupCallbackStatisticsOptions,
  groupCallbackStatistics,
  groupCallbackStatisticsDirect,
  periodOf,
  storeCallbackStatistics,
} from './statistics.ts';
export { splitPeriod } from './statistics-rollup.ts';
export { closeCallbackBySurveyReply } from './survey.ts';
export { getCallbackTask } from './task-page.ts';
export { listUnsuccessfulCallbacks } from './unsuccessful.ts';
export { runCallbackWindow, scheduleCallbackWindows } from './windows.ts';
