// The shapes the web reads from the API's `/v1` JSON (see the OpenAPI document at /docs).
// The web talks to the API over HTTP only, so it mirrors the response contract here rather
// than importing server code; the API's schemas remain the source of truth.

export const roles = [
  'platform_admin',
  'hq_admin',
  'store_admin',
  'cr_manager',
  'callback_agent',
  'receptionist',
  'staff',
] as const;
export type Role = (typeof roles)[number];

export const positions = [
  'sales_consultant',
  'service_advisor',
  'repair_team_lead',
  'department_manager',
  'general_manager',
] as const;
export type Position = (typeof positions)[number];

/** Roles that hold for the whole group rather than one store. */
export const groupRoles: readonly Role[] = ['platform_admin', 'hq_admin'];

export interface RoleAssignment {
  id: string;
  role: Role;
  storeId: string | null;
  position: Position | null;
}

export interface Store {
  id: string;
  code: string;
  name: string;
  timeZone: string;
  brands: string[];
  phone: string;
  address: string;
  smsSignature: string;
  active: boolean;
  createdAt: string;
}

export type UserLocale = 'zh-CN' | 'en';

export interface User {
  id: string;
  name: string;
  email: string | null;
  mobile: string | null;
  locale: UserLocale;
  active: boolean;
  roles: RoleAssignment[];
}

export interface Me {
  user: { id: string; name: string; email: string | null; mobile: string | null; locale: UserLocale };
  tenant: { id: string; name: string } | null;
  roles: RoleAssignment[];
  stores: Store[];
  /** Null only for a caller that is not a browser session (an API token). */
  csrfToken: string | null;
}

export interface LoginResult {
  user: Me['user'];
  session: { token: string; csrfToken: string; expiresAt: string };
}

export interface ApiToken {
  id: string;
  storeId: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiToken extends ApiToken {
  /** The secret, returned once at creation and never again. */
  token: string;
}

export interface Items<T> {
  items: T[];
}

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The API's one error shape, also what our form actions hand back to the page. */
export interface ApiErrorBody {
  code: string;
  message: string;
  details: ErrorDetail[];
}

/** A rule kind as `GET /v1/rule-kinds` describes it, for the rule editor. */
export interface RuleKind {
  name: string;
  title: string;
  description: string;
  ruleSetJsonSchema: unknown;
  factsJsonSchema: unknown;
  defaults: Record<string, unknown>;
  sampleFacts: RuleSample[];
}

export interface RuleSample {
  label: string;
  facts: Record<string, unknown>;
  now?: string;
}

/** One reason a rule set is refused; `path` points into the body, e.g. `rules[0].event.params.toDay`. */
export interface RuleSetIssue {
  code: string;
  path: string;
  message: string;
}

export type RuleSetStatus = 'draft' | 'published' | 'archived';

export interface RuleSetVersion {
  id: string;
  storeId: string | null;
  kind: string;
  version: number;
  status: RuleSetStatus;
  body: Record<string, unknown>;
  authorUserId: string | null;
  authorName: string | null;
  copiedFromVersion: number | null;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}

/** Where the version that decides comes from. */
export type RuleSetScope = 'store' | 'group' | 'default';

export interface RuleSetState {
  kind: string;
  storeId: string | null;
  effective: {
    ruleSetId: string | null;
    scope: RuleSetScope;
    version: number;
    body: Record<string, unknown>;
    publishedAt: string | null;
  };
  draft: RuleSetVersion | null;
  draftIssues: RuleSetIssue[];
}

export interface RuleSetValidation {
  ok: boolean;
  issues: RuleSetIssue[];
}

export interface SimulatedRule {
  ruleId: string;
  ruleName: string;
  priority: number;
  fired: boolean;
  event: { type: string; params: unknown };
  conditions: unknown;
}

export interface SimulatedSample {
  label: string;
  facts: Record<string, unknown>;
  now: string;
  decision: unknown;
  publishedDecision: unknown;
  changed: boolean;
  rules: SimulatedRule[];
}

export interface Simulation {
  kind: string;
  draftVersion: number;
  comparedWith: { scope: RuleSetScope; version: number };
  samples: SimulatedSample[];
  changedCount: number;
}

// The customer file (一车一档): `GET /v1/stores/{storeId}/customer-files[/{vehicleId}]`.

/** A card: bought here (A卡); a service customer (C卡). */
export type CardType = 'A' | 'C';
export type LoyaltyCategory = 'everyMaintenance' | 'sometimes' | 'never';
export type AbcGrade = 'A' | 'B' | 'C';

/** One line of a customer search; the phone is always masked here. */
export interface CustomerFileSummary {
  vehicleId: string;
  vin: string;
  plate: string | null;
  model: string | null;
  cardType: CardType | null;
  abcGrade: AbcGrade | null;
  lastVisitOn: string | null;
  customerId: string | null;
  customerName: string | null;
  mobile: string | null;
  uncertain: boolean;
}

/** 不确定客户记录表: one record, its customer and a car of theirs; the phone masked. */
export type UncertainReason = 'wrongNumber' | 'emptyNumber' | 'other';
export type UncertainSource = 'callback' | 'import' | 'manual';
export type UncertainResolution = 'confirmed' | 'corrected' | 'unreachable' | 'closed';
export interface UncertainCustomerRecord {
  id: string;
  customerId: string;
  customerName: string;
  mobile: string | null;
  vehicleId: string | null;
  vin: string | null;
  plate: string | null;
  reason: UncertainReason;
  source: UncertainSource;
  note: string | null;
  openedAt: string;
  openedByName: string | null;
  resolution: UncertainResolution | null;
  resolutionNote: string | null;
  resolvedAt: string | null;
  resolvedByName: string | null;
}

/** 客户档案检核: one week's drawn files and their checks. */
export type ArchiveFileKind = 'sales' | 'afterSales';
export type ArchiveCheckStatus = 'normal' | 'abnormal';
export interface ArchiveTally {
  files: number;
  checked: number;
  defects: number;
}
export interface ArchiveAuditResult extends ArchiveTally {
  sales: ArchiveTally;
  afterSales: ArchiveTally;
}
export interface ArchiveAuditFile {
  id: string;
  kind: ArchiveFileKind;
  position: number;
  vehicleId: string;
  vin: string;
  plate: string | null;
  model: string | null;
  customerName: string | null;
  documentNo: string | null;
  documentOn: string;
  status: ArchiveCheckStatus | null;
  problem: string | null;
  fix: string | null;
  responsible: string | null;
  checkedByName: string | null;
  checkedAt: string | null;
}
export interface ArchiveAudit {
  id: string;
  storeId: string;
  week: string;
  weekStartsOn: string;
  weekEndsOn: string;
  drawnAt: string;
  drawnByName: string | null;
  result: ArchiveAuditResult;
  files: ArchiveAuditFile[];
}
export interface ArchiveAuditList {
  currentWeek: string;
  items: { id: string; week: string; weekStartsOn: string; drawnAt: string; result: ArchiveAuditResult }[];
}

/** A customer; phones, ID number and addresses are masked unless the file was unmasked. */
export interface Customer {
  id: string;
  storeId: string;
  dmsId: string;
  name: string;
  gender: 'male' | 'female' | null;
  title: string | null;
  birthday: string | null;
  idNumber: string | null;
  mobile: string | null;
  landline: string | null;
  email: string | null;
  wechat: string | null;
  qq: string | null;
  city: string | null;
  district: string | null;
  homeAddress: string | null;
  mailingAddress: string | null;
  postcode: string | null;
  preferredChannel: string | null;
  convenientTime: string | null;
  occupation: string | null;
  industry: string | null;
  jobTitle: string | null;
  interests: string | null;
  personalityNotes: string | null;
  maritalStatus: string | null;
  weddingAnniversary: string | null;
  education: string | null;
  incomeBand: string | null;
  ageBand: string | null;
  infoSource: string | null;
  visitChannel: string | null;
  vip: boolean;
  refusesCalls: boolean;
  smsOptedOut: boolean;
  uncertain: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A vehicle with its card, dynamic aggregates and classification (all computed by the API). */
export interface Vehicle {
  id: string;
  storeId: string;
  vin: string;
  /** false: the check digit does not match (flagged, not refused). */
  vinCheckDigitOk: boolean | null;
  plate: string | null;
  brand: string | null;
  series: string | null;
  model: string | null;
  trimOptions: string | null;
  exteriorColour: string | null;
  interiorColour: string | null;
  certificateNo: string | null;
  invoiceNo: string | null;
  purchaseDate: string | null;
  deliveryDate: string | null;
  sellingConsultant: string | null;
  insurer: string | null;
  insuredHere: boolean | null;
  insuranceExpiryDate: string | null;
  inspectionDueDate: string | null;
  mileageKm: number | null;
  nextMaintenanceDate: string | null;
  nextMaintenanceKm: number | null;
  currentOwnerId: string | null;
  cardType: CardType | null;
  cardChangedAt: string | null;
  firstVisitOn: string | null;
  secondVisitOn: string | null;
  lastVisitOn: string | null;
  firstMaintenanceOn: string | null;
  lastMaintenanceOn: string | null;
  visits6m: number;
  visits12m: number;
  visits36m: number;
  cumulativeSpendFen: number;
  spend12mFen: number;
  serviceTypes: string[];
  loyaltyCategory: LoyaltyCategory | null;
  abcGrade: AbcGrade | null;
  askForReferral: boolean;
  lost: boolean;
  classifiedAt: string | null;
  classificationVersion: number | null;
}

export type TimelineKind =
  | 'delivery'
  | 'repairOrder'
  | 'callbackTask'
  | 'pointsEntry'
  | 'reminder'
  | 'cardChange';

export interface TimelineEntry {
  kind: TimelineKind;
  id: string;
  /** Store-local date. */
  on: string;
  summary: Record<string, unknown>;
  ruleSetId: string | null;
  ruleSetVersion: number | null;
  ruleId: string | null;
}

export interface CustomerFile {
  vehicle: Vehicle;
  customer: Customer | null;
  unmasked: boolean;
  owners: { customerId: string; name: string; fromAt: string; toAt: string | null }[];
  timeline: TimelineEntry[];
  pointsBalance: number;
  openUncertainRecord: { id: string; reason: string; openedAt: string } | null;
}

// The membership club (车友俱乐部): `/v1/stores/{storeId}/membership/…`.

export const cardStatuses = ['active', 'expired', 'lost', 'cancelled'] as const;
export type CardStatus = (typeof cardStatuses)[number];

/** A member card with its owner, car and the owner's points balance. */
export interface MemberCard {
  id: string;
  storeId: string;
  vehicleId: string;
  customerId: string;
  cardNo: string;
  tier: string;
  status: CardStatus;
  issuedOn: string;
  validUntil: string;
  customerName: string;
  vin: string;
  plate: string | null;
  balance: number;
}

export interface MemberCardList {
  items: MemberCard[];
  total: number;
}

export interface MemberCardEvent {
  kind: 'issued' | 'renewed' | 'reportedLost' | 'reissued' | 'cancelled' | 'expired' | 'tierMoved';
  cardNo: string;
  feeFen: number;
  fromTier: string | null;
  toTier: string | null;
  validUntil: string | null;
  ruleSetId: string | null;
  ruleSetVersion: number | null;
  ruleId: string | null;
  at: string;
}

/** One posting to the points ledger: positive earns, negative spends; `reason` names why. */
export interface LedgerEntry {
  id: string;
  points: number;
  reason: string;
  sourceKind: string;
  sourceId: string;
  /** 0 for the source's first entry; each correction of it (a repair order the DMS changed) counts up. */
  revision: number;
  expiresOn: string | null;
  note: string | null;
  ruleSetId: string | null;
  ruleSetVersion: number | null;
  ruleId: string | null;
  createdAt: string;
}

export interface MemberTier {
  code: string;
  label: string;
}

/** One threshold of the rule that moves a card to the next tier, against the card's figure. */
export interface TierRequirement {
  /** e.g. `spend.cumulativeFen`, `maintenanceAttendancePercent`, `visits.last12Months`. */
  fact: string;
  operator: 'greaterThan' | 'greaterThanInclusive';
  required: number;
  current: number | null;
  met: boolean;
}

export interface TierProgress {
  nextTier: MemberTier | null;
  ruleId: string | null;
  ruleName: string | null;
  requirements: TierRequirement[];
}

/** The card page: the card, its tier among the store's, what the next tier needs, its history and ledger. */
export interface MemberCardPage {
  card: MemberCard;
  tierLabel: string;
  /** The store's tiers, lowest first. */
  tiers: MemberTier[];
  progress: TierProgress;
  cumulativeSpendFen: number;
  history: MemberCardEvent[];
  ledger: LedgerEntry[];
}

/** The store's club fees, in fen. */
export interface MembershipSettings {
  joiningFeeFen: number;
  reissueFeeFen: number;
}

export const redemptionCategories = ['trip', 'drink', 'accessory', 'carWash', 'other'] as const;
export type RedemptionCategory = (typeof redemptionCategories)[number];

export interface RedemptionItem {
  id: string;
  code: string;
  name: string;
  category: RedemptionCategory;
  pointsCost: number;
  stock: number;
  active: boolean;
}

export interface Redemption {
  id: string;
  cardId: string;
  itemId: string;
  itemName: string;
  quantity: number;
  points: number;
  balance: number;
  stockLeft: number;
  at: string;
}

export interface PointsPosted {
  posted: LedgerEntry[];
  balance: number;
}

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
] as const;
export type ServiceType = (typeof serviceTypes)[number];
export const payers = ['self', 'insurance', 'warranty', 'freeMaintenance'] as const;
export type Payer = (typeof payers)[number];

export type OrderLineKind = 'labour' | 'parts';

export interface OrderQuoteLine {
  kind: OrderLineKind;
  description: string;
  amountFen: number;
}

/** The member discount on an order before payment, line by line, each citing its rule. */
export interface OrderQuote {
  labourFen: number;
  partsFen: number;
  discountLines: {
    lineIndex: number;
    kind: OrderLineKind;
    description: string;
    amountFen: number;
    percentOff: number;
    discountFen: number;
    ruleSetId: string | null;
    ruleSetVersion: number;
    ruleId: string;
    ruleName: string;
  }[];
  totalDiscountFen: number;
  payableFen: number;
  fastLane: boolean;
  denied: { reason: string; ruleId: string | null; ruleName: string | null } | null;
  member: { cardNo: string; tier: string; status: CardStatus } | null;
}

/** The fields a file import can map a column to (the API's ImportField), in the order the wizard offers them. */
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
] as const;
export type ImportField = (typeof importFields)[number];

/** Field → zero-based column index, or null to leave the field out (the API's ImportMapping). */
export type ImportMapping = Partial<Record<ImportField, number | null>>;

export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'done' | 'failed';

/** A file import: its mapping, status and progress (the API's Import). */
export interface ImportView {
  id: string;
  storeId: string;
  fileName: string;
  format: 'csv' | 'xlsx';
  sizeBytes: number;
  status: ImportStatus;
  headers: string[];
  /** Field → zero-based column index. */
  mapping: Partial<Record<ImportField, number>>;
  unmappedHeaders: string[];
  totalRows: number;
  processedRows: number;
  percent: number;
  counts: {
    imported: number;
    rejected: number;
    eventsCreated: number;
    eventsUpdated: number;
    eventsUnchanged: number;
  };
  failure: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export type ImportRowBecomes = 'delivery' | 'repairOrder' | 'file';

export interface ImportPreviewRow {
  /** As Excel numbers it: the header is row 1. */
  rowNumber: number;
  cells: (string | null)[];
  becomes: ImportRowBecomes[];
  /** Each `column: reason`, the column as the file heads it. */
  errors: string[];
  /**
   * The customer's phone is doubtful (no valid mobile, or none): imported, the customer goes
   * on the uncertain-customer list unless their file has a mobile by then.
   */
  uncertain: { reason: 'wrongNumber' | 'emptyNumber'; note: string } | null;
}

/** The dry run: the import waiting to be started, and its first rows as they would be imported. */
export interface ImportDryRun {
  import: ImportView;
  preview: ImportPreviewRow[];
}

/** The report pack and the HQ dashboard (OpenAPI ReportPack, Dashboard). */
export interface CardAnalysis {
  card: 'A' | 'C';
  total: number;
  dimensions: { dimension: string; values: string[] }[];
  rows: { model: string; total: number; cells: { dimension: string; value: string; count: number }[] }[];
  notRecorded: string[];
}
export interface ReportPack {
  storeId: string;
  storeCode: string;
  storeName: string;
  timeZone: string;
  month: string;
  from: string;
  to: string;
  satisfaction: Record<
    'salesConsultant' | 'serviceAdvisor' | 'repairTeam',
    {
      rows: import('$lib/callbacks/types').StatisticsRow[];
      total: import('$lib/callbacks/types').StatisticsRow;
    }
  >;
  unsuccessfulCallbacks: {
    taskId: string;
    attemptNo: number;
    vin: string;
    customerName: string;
    mobile: string | null;
    model: string | null;
    reason: string | null;
    bucket: 'refusedOrNoAnswer' | 'cannotConnect' | 'other';
    calledByName: string | null;
    calledAt: string;
    staffName: string | null;
    note: string | null;
  }[];
  cards: { A: CardAnalysis; C: CardAnalysis };
  complaints: {
    total: number;
    byCategory: { category: string; count: number }[];
    byDepartment: { department: string | null; count: number }[];
    byOutcome: { outcome: 'resolved' | 'notUpheld' | 'open'; count: number }[];
    times: {
      step: 'dispatch' | 'plan' | 'answer' | 'close';
      count: number;
      medianMinutes: number | null;
      averageMinutes: number | null;
    }[];
    breachesByClock: { clock: string; count: number }[];
  };
  sms: {
    requested: number;
    sent: number;
    delivered: number;
    failed: number;
    suppressed: number;
    replied: number;
    byReason: { reason: string; requested: number; sent: number; delivered: number; replied: number }[];
  };
  lostCustomers: {
    contacts: number;
    contacted: number;
    reached: number;
    wonBack: number;
    byResult: { result: string; count: number }[];
  };
  membership: {
    cardsIssued: number;
    byTier: { tier: string; count: number }[];
    pointsEarned: number;
    pointsRedeemed: number;
    pointsOtherDebits: number;
  };
}
export const dashboardFigures = [
  'salesFullySatisfiedRate',
  'afterSalesFullySatisfiedRate',
  'callbackSuccessRate',
  'complaintsOpened',
  'complaintsBreached',
  'complaintsClosed',
  'lostWonBack',
] as const;
export type DashboardFigure = (typeof dashboardFigures)[number];
export type DashboardFigures = Record<DashboardFigure, number | null>;
export interface Dashboard {
  from: string;
  to: string;
  rankBy: DashboardFigure;
  stores: {
    storeId: string;
    storeCode: string;
    storeName: string;
    rank: number;
    figures: DashboardFigures;
  }[];
  trend: { months: string[]; stores: { storeId: string; months: DashboardFigures[] }[] };
}

/** The store's call script (话术) lines (null: the built-in default), the defaults, the forbidden phrases. */
export interface CallScriptSettings {
  salesOpening: string | null;
  afterSalesOpening: string | null;
  closing: string | null;
  defaults: { salesOpening: string; afterSalesOpening: string; closing: string };
  forbiddenPhrases: string[];
}
