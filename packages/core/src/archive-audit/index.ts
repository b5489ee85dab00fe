export { type CheckArchiveFileOptions, checkArchiveFile } from './check-archive-file.ts';
export { type DrawArchiveAuditOptions, drawArchiveAudit, filesPerKind } from './draw-archive-audit.ts';
export { type GetArchiveAuditOptions, getArchiveAudit, listArchiveAudits } from './get-archive-audit.ts';
export { isoWeekOf, weekBounds } from './iso-week.ts';
export * from './schema.ts';
