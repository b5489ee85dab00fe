export * from './archive-audit/index.ts';
export { recordAudit } from './audit/record.ts';
export * from './callbacks/index.ts';
export {
  addComplaintAction,
  completeComplaintAction,
  listComplaintActions,
  readComplaintAttachment,
  uploadComplaintAttachment,
} from './complaints/actions.ts';
export { attachmentTypes, maxAttachmentBytes } from './complaints/attachment-policy.ts';
export { type AttachmentStorage, diskAttachmentStorage } from './complaints/attachment-storage.ts';
export { recordDepartmentAnswer, recordSolutionPlan } from './complaints/department-reply.ts';
export { dispatchComplaint } from './complaints/dispatch-complaint.ts';
export { closeComplaint, recordRecall, reopenComplaint } from './complaints/follow-up.ts';
export { judgeComplaint } from './complaints/judge-complaint.ts';
export { ComplaintPerson, listComplaintPeople } from './complaints/people.ts';
export { getComplaintPage, listComplaints } from './complaints/queries.ts';
export { receiveComplaint } from './complaints/receive-complaint.ts';
export { complaintReport, groupComplaintReport } from './complaints/report.ts';
export * from './complaints/report-schema.ts';
export {
  type ComplaintReportWorkbook,
  complaintReportWorkbook,
  groupComplaintReportWorkbook,
} from './complaints/report-workbook.ts';
export * from './complaints/schema.ts';
export { checkForbiddenPhrases, getComplaintSettings, saveComplaintSettings } from './complaints/settings.ts';
export { type Config, loadConfig } from './config.ts';
export * from './customers/export-customer-files.ts';
export * from './customers/get-customer-file.ts';
export * from './customers/list-uncertain-customers.ts';
export * from './customers/masking.ts';
export * from './customers/open-uncertain-record.ts';
export * from './customers/resolve-uncertain-record.ts';
export * from './customers/schema.ts';
export * from './customers/search-customer-files.ts';
export * from './customers/uncertain-schema.ts';
export * from './customers/update-customer.ts';
export { createDatabase, type Database, type Tx } from './db/database.ts';
export { migrate } from './db/migrate.ts';
export { AppError, type AppErrorCode, type ErrorDetail } from './errors.ts';
export { assertMayIngest, type IngestEventsOptions, ingestEvents } from './events/ingest.ts';
export * from './events/schema.ts';
export { localDate } from './events/store-clock.ts';
export * from './identity/actor.ts';
export * from './identity/api-tokens.ts';
export { getMe, type Me } from './identity/me.ts';
export * from './identity/schema.ts';
export { login, logout, resolveSession, type Session } from './identity/sessions.ts';
export { loginThrottle, throttleDelaySeconds } from './identity/throttle.ts';
export * from './identity/users.ts';
export * from './imports/index.ts';
export { earliestYear, latestYear } from './input/calendar.ts';
export { maxInputDepth, nulMessage, unsafeJsonAt } from './input/json-input.ts';
export { createLogger, type Logger } from './logger.ts';
export { listLostCustomerContacts, listLostCustomers } from './lost-customers/list-lost-customers.ts';
export { markLostCustomers } from './lost-customers/mark-lost-customers.ts';
export { recordLostCustomerContact } from './lost-customers/record-lost-customer-contact.ts';
export * from './lost-customers/schema.ts';
export {
  approveAwardRequest,
  awardPoints,
  listAwardRequests,
  rejectAwardRequest,
} from './membership/awards.ts';
export {
  cancelMemberCard,
  issueMemberCard,
  listMemberCards,
  reissueMemberCard,
  renewMemberCard,
  reportMemberCardLost,
} from './membership/cards.ts';
export { cardEligibility, type IneligibleReason } from './membership/eligibility.ts';
export { adjustPoints, getMemberCardPage } from './membership/ledger.ts';
export { type MembershipNightlyResult, runMembershipNightly } from './membership/nightly.ts';
export { quoteOrder } from './membership/quote.ts';
export { listRedemptionItems, redeemPoints, saveRedemptionItem } from './membership/redemption.ts';
export * from './membership/schema.ts';
export { getMembershipSettings, saveMembershipSettings } from './membership/settings.ts';
export { listMyNotifications, markNotificationRead } from './notifications/notifications.ts';
export * from './notifications/schema.ts';
export { enqueue } from './outbox/enqueue.ts';
export { type Relay, relayOutboxOnce, startRelay } from './outbox/relay.ts';
export * from './quality/index.ts';
export { createQueueBackend, type QueueBackend, type QueueBackendKind } from './queues/backend.ts';
export { type JobContext, type JobHandlers, jobHandlers } from './queues/handlers.ts';
export { type JobName, type JobPayloads, jobs, queueNames } from './queues/jobs.ts';
export { runOnce } from './queues/run-once.ts';
export { nightlyLocalTime, reconcileNightlySchedules, runStoreNightly } from './queues/scheduler.ts';
export { startWorkers } from './queues/worker.ts';
export * from './reports/index.ts';
export * from './rulesets/effective.ts';
export { listRuleKindInfo } from './rulesets/kinds.ts';
export { type SampleFacts, sampleFacts } from './rulesets/sample-facts.ts';
export * from './rulesets/schema.ts';
export { simulate as simulateRuleSetDraft } from './rulesets/simulate.ts';
export * from './rulesets/versions.ts';
export { nextLocalTime, previewCampaign } from './sms/campaign-preview.ts';
export { previewSms, sendSmsToCustomer } from './sms/compose.ts';
export { type BatchOutcome, deliverSmsBatch } from './sms/deliver-batch.ts';
export { type DeliveryOutcome, deliverSms } from './sms/deliver-sms.ts';
export { evaluateReminderRules } from './sms/evaluate-reminder-rules.ts';
export { sendLogWorkbook, smsReasonLabels } from './sms/export-send-log.ts';
export { signWebhook, verifyWebhook } from './sms/providers/webhook-signature.ts';
export { recordDeliveryReceipt } from './sms/receipts.ts';
export { type ReminderScanResult, runReminderScan } from './sms/reminder-scan.ts';
export { type RecordedReply, recordInboundReply } from './sms/replies.ts';
export { type ReplyMeaning, replyMeaning } from './sms/reply-meaning.ts';
export { requestSms, requestSmsBatch, type SmsRequest } from './sms/request-sms.ts';
export * from './sms/schema.ts';
export { segmentCount, withSignature } from './sms/segments.ts';
export { listSmsMessages } from './sms/send-log.ts';
export { getSmsSettings, saveSmsSettings, webhookSecretOf } from './sms/settings.ts';
export * from './tenancy/schema.ts';
export * from './tenancy/stores.ts';
export * from './tenancy/tenants.ts';
