import type { Tx } from '../db/database.ts';

/**
 * Ends an import its job cannot finish: failed, with the reason the owner reads on the
 * import's page. `resumable` when the file is kept and the cause was an interruption, not
 * the file: the owner may then resume it (resumeImport). Only an unfinished import
 * changes; returns whether this one did.
 */
export async function failImport(
  tx: Tx,
  { importId, reason, resumable }: { importId: string; reason: string; resumable: boolean },
): Promise<boolean> {
  const failed = await tx`
    update imports set status = 'failed', failure = ${reason}, resumable = ${resumable},
      finished_at = now(), updated_at = now()
    where id = ${importId} and status in ('queued', 'running')
    returning id`;
  return failed.length > 0;
}

/** The reasons an import fails with, in the users' language (they read them on the import's page). */
export const failureReasons = {
  fileGone: '导入文件已不在存储中，无法继续导入；请重新上传文件',
  unreadable: (why: string) => `文件无法读取（${why}）；请检查文件后重新上传`,
  interrupted: (times: number) => `导入多次中断（已自动继续 ${times} 次仍未完成）；可在此页点“继续导入”再试`,
  jobFailed: (why: string) => `导入任务出错（${why}），已停止；可在此页点“继续导入”再试`,
} as const;
