export { type QualityNightResult, runQualityNight } from './close-month.ts';
export { qualityItemsWorkbook } from './export-items.ts';
export { listQualityItems, raiseQualityItem, updateQualityItem } from './items.ts';
export { getQualityMeeting, listQualityMeetings, recordQualityMeeting } from './meetings.ts';
export { addMonths, cumulativePeriod, lastClosedMonth, type MonthCloseDay, monthPeriod } from './periods.ts';
export * from './schema.ts';
