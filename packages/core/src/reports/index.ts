export { hqDashboard } from './hq-dashboard.ts';
export { packSheets, reportPackWorkbook } from './pack-workbook.ts';
export { reportPack } from './report-pack.ts';
export * from './schema.ts';
