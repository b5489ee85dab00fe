// The API's shapes as the web names them. Every type here comes from the generated
// `schema.d.ts` (`npm run api:generate`, from the API's /openapi.json): a named schema as
// it is, or a name for what the document leaves unnamed (an answer, an enumeration, a
// nested object). The lists below are the enumerations the UI offers in pickers and
// filters; each is checked against its generated union.
import type {
  ArchiveAudit,
  ArchiveAuditFile,
  CustomerFile,
  CustomerFileSummary,
  components,
  Dashboard,
  Error as ErrorAnswer,
  Import,
  ImportDryRun,
  ImportMapping,
  MemberCard,
  MemberCardPage,
  OrderQuoteInput,
  paths,
  RedemptionItem,
  RoleAssignment,
  RuleKind,
  RuleSetState,
  SimulatedSample,
  TierProgress,
  UncertainCustomerRecord,
  User,
  Vehicle,
} from './schema';

export type * from './schema';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
/** The JSON a path answers a method with on success (200 or 201). */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: { content: { 'application/json': infer T } } }
    ? T
    : R extends { 201: { content: { 'application/json': infer T } } }
      ? T
      : never
  : never;

// The document folds the null of `customer: Customer | null` and `draft: RuleSetVersion | null`
// into these two components; on their own the API never answers null for them.
export type Customer = NonNullable<components['schemas']['Customer']>;
export type RuleSetVersion = NonNullable<components['schemas']['RuleSetVersion']>;

/** A list answer: `{ items }`. */
export interface Items<T> {
  items: T[];
}

export type ErrorDetail = ApiErrorBody['details'][number];
/** The API's one error shape, also what our form actions hand back to the page. */
export type ApiErrorBody = ErrorAnswer['error'];

export type Role = RoleAssignment['role'];
export type Position = NonNullable<RoleAssignment['position']>;
export type UserLocale = User['locale'];
export type LoginResult = Answer<'/v1/auth/login', 'post'>;
export type CreatedApiToken = Answer<'/v1/stores/{storeId}/api-tokens', 'post'>;

export type RuleSample = RuleKind['sampleFacts'][number];
export type RuleSetStatus = RuleSetVersion['status'];
/** Where the version that decides comes from. */
export type RuleSetScope = RuleSetState['effective']['scope'];
export type SimulatedRule = SimulatedSample['rules'][number];

export type CardType = NonNullable<CustomerFileSummary['cardType']>;
export type LoyaltyCategory = NonNullable<Vehicle['loyaltyCategory']>;
export type AbcGrade = NonNullable<Vehicle['abcGrade']>;
export type UncertainReason = UncertainCustomerRecord['reason'];
export type UncertainSource = UncertainCustomerRecord['source'];
export type UncertainResolution = NonNullable<UncertainCustomerRecord['resolution']>;
export type ArchiveFileKind = ArchiveAuditFile['kind'];
export type ArchiveCheckStatus = NonNullable<ArchiveAuditFile['status']>;
export type ArchiveAuditResult = ArchiveAudit['result'];
export type ArchiveTally = ArchiveAuditResult['sales'];
export type ArchiveAuditList = Answer<'/v1/stores/{storeId}/archive-audits', 'get'>;
export type TimelineEntry = CustomerFile['timeline'][number];
export type TimelineKind = TimelineEntry['kind'];

export type CardStatus = MemberCard['status'];
export type MemberCardList = Answer<'/v1/stores/{storeId}/membership/cards', 'get'>;
export type MemberTier = MemberCardPage['tiers'][number];
export type TierRequirement = TierProgress['requirements'][number];
export type RedemptionCategory = RedemptionItem['category'];
export type PointsPosted = Answer<'/v1/stores/{storeId}/membership/points/adjustments', 'post'>;
export type ServiceType = OrderQuoteInput['orderTypes'][number];
export type Payer = OrderQuoteInput['payer'];
export type OrderQuoteLine = OrderQuoteInput['lines'][number];
export type OrderLineKind = OrderQuoteLine['kind'];

/** A file import: its mapping, status and progress. */
export type ImportView = Import;
export type ImportStatus = Import['status'];
export type ImportField = keyof ImportMapping;
export type ImportPreviewRow = ImportDryRun['preview'][number];
export type ImportRowBecomes = ImportPreviewRow['becomes'][number];

export type DashboardFigure = Dashboard['rankBy'];
export type CallScriptSettings = Answer<'/v1/stores/{storeId}/callback-script', 'get'>;

export const roles = [
  'platform_admin',
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
  'staff',
] as const satisfies readonly Role[];

export const positions = [
  'sales_consultant',
  'service_advisor',
  'repair_team_lead',
  'department_manager',
  'general_manager',
] as const satisfies readonly Position[];

/** Roles that hold for the whole group rather than one store. */
export const groupRoles: readonly Role[] = ['platform_admin', 'hq_admin'];

export const cardStatuses = [
  'active',
  'expired',
  'lost',
  'cancelled',
] as const satisfies readonly CardStatus[];

export const redemptionCategories = [
  'trip',
  'drink',
  'accessory',
  'carWash',
  'other',
] as const satisfies readonly RedemptionCategory[];

/** The DMS's order types and payers (`@crm/rules` vocabulary), as a quote accepts them. */
export const serviceTypes = [
  'firstMaintenance',
  'maintenance',
  'warrantyClaim',
  'minorRepair',
  'majorRepair',
  'insuranceRepair',
  'bodyPaint',
  'selfPaid',
  'accessories',
  'roadsideRescue',
  'insuranceRenewal',
  'inspectionAgency',
] as const satisfies readonly ServiceType[];
export const payers = [
  'self',
  'insurance',
  'warranty',
  'freeMaintenance',
] as const satisfies readonly Payer[];

/** The fields a file import can map a column to, in the order the wizard offers them. */
export const importFields = [
  'customerDmsId',
  'customerName',
  'mobile',
  'landline',
  'gender',
  'birthday',
  'idNumber',
  'address',
  'vin',
  'plate',
  'brand',
  'series',
  'model',
  'colour',
  'deliveredOn',
  'contractNo',
  'salesConsultant',
  'orderNo',
  'openedAt',
  'closedAt',
  'mileageKm',
  'labourYuan',
  'partsYuan',
  'payer',
  'orderType',
  'serviceAdvisor',
  'repairTeam',
] as const satisfies readonly ImportField[];

export const dashboardFigures = [
  'salesFullySatisfiedRate',
  'afterSalesFullySatisfiedRate',
  'callbackSuccessRate',
  'complaintsOpened',
  'complaintsBreached',
  'complaintsClosed',
  'lostWonBack',
] as const satisfies readonly DashboardFigure[];
