import type { Payer, ServiceType } from '@crm/rules';
import { customerCode } from '../customers/customer-code.ts';
import { checkMobile } from '../customers/phone.ts';
import { CustomerInput, VehicleInput } from '../customers/schema.ts';
import { parseBatch } from '../events/parse-batch.ts';
import type { Issue } from '../events/schema.ts';
import { type Cell, cellText, instantOf, kilometres, localDateTime, yuanToFen } from './cells.ts';
import { type ColumnMapping, type ImportField, importColumns } from './columns.ts';

/** What one file row becomes: DMS events (delivery, repair order) or just a customer and vehicle. */
export interface RowPlan {
  rowNumber: number;
  /** Events as the ingestion API takes them, already validated. */
  events: unknown[];
  /** A row with neither delivery date nor work order: the customer and vehicle are put on file. */
  file: { customer: CustomerInput; vehicle: VehicleInput } | null;
  /** Why the row cannot be imported, each naming the column as the file heads it. */
  errors: string[];
  /**
   * The row's customer has a doubtful phone: the number is not a valid mobile (the row is
   * imported without it) or the phone column is empty. When the row is imported and the
   * customer's file has no mobile by then (nor a landline, for an empty one), an
   * uncertain-customer record is opened (source `import`) to recover the number.
   */
  uncertain: UncertainPhone | null;
}

/** A doubtful phone in a row: the customer (by DMS id), why, and the note the record carries. */
export interface UncertainPhone {
  customerDmsId: string;
  reason: 'wrongNumber' | 'emptyNumber';
  note: string;
}

const orderTypeWords: [RegExp, ServiceType][] = [
  [/首保|首次保养|FIRSTMAINTENANCE/i, 'firstMaintenance'],
  [/索赔|保修|三包|WARRANTYCLAIM/i, 'warrantyClaim'],
  [/保险|事故|理赔|INSURANCEREPAIR/i, 'insuranceRepair'],
  [/续保|INSURANCERENEWAL/i, 'insuranceRenewal'],
  [/年检|INSPECTIONAGENCY/i, 'inspectionAgency'],
  [/保养|定保|MAINTENANCE/i, 'maintenance'],
  [/大修|MAJORREPAIR/i, 'majorRepair'],
  [/小修|机修|一般维修|MINORREPAIR/i, 'minorRepair'],
  [/钣喷|钣金|喷漆|BODYPAINT/i, 'bodyPaint'],
  [/自费|SELFPAID/i, 'selfPaid'],
  [/装饰|精品|ACCESSORIES/i, 'accessories'],
  [/救援|ROADSIDERESCUE/i, 'roadsideRescue'],
];

const payerWords: [RegExp, Payer][] = [
  [/首保|免费|FREEMAINTENANCE/i, 'freeMaintenance'],
  [/保险|理赔|INSURANCE/i, 'insurance'],
  [/索赔|保修|三包|厂家|WARRANTY/i, 'warranty'],
  [/自费|自付|客户|现金|刷卡|微信|支付宝|SELF/i, 'self'],
];

/** 首保、钣喷 / "保养,小修" → service types; one unknown word makes the whole cell unknown. */
export function orderTypesOf(text: string): ServiceType[] | null {
  const words = text.split(/[,，、;；/+\s]+/).filter(Boolean);
  const types = words.map((w) => orderTypeWords.find(([pattern]) => pattern.test(w))?.[1]);
  if (types.length === 0 || types.some((t) => t === undefined)) return null;
  return [...new Set(types as ServiceType[])];
}

export function payerOf(text: string): Payer | null {
  return payerWords.find(([pattern]) => pattern.test(text.replace(/\s/g, '')))?.[1] ?? null;
}

/** Where each event field comes from, to name the column in an error. */
const fieldOfPath: Record<string, ImportField> = {
  'customer.dmsId': 'customerDmsId',
  'customer.name': 'customerName',
  'customer.mobile': 'mobile',
  'customer.landline': 'landline',
  'customer.gender': 'gender',
  'customer.birthday': 'birthday',
  'customer.idNumber': 'idNumber',
  'customer.homeAddress': 'address',
  'vehicle.vin': 'vin',
  'vehicle.plate': 'plate',
  'vehicle.brand': 'brand',
  'vehicle.series': 'series',
  'vehicle.model': 'model',
  'vehicle.exteriorColour': 'colour',
  deliveredAt: 'deliveredOn',
  contractNo: 'contractNo',
  salesConsultant: 'salesConsultant',
  openedAt: 'openedAt',
  closedAt: 'closedAt',
  mileageKm: 'mileageKm',
  labourFen: 'labourYuan',
  partsFen: 'partsYuan',
  payer: 'payer',
  orderTypes: 'orderType',
  serviceAdvisor: 'serviceAdvisor',
  repairTeam: 'repairTeam',
  customer: 'customerName',
};

export interface PlanRowOptions {
  rowNumber: number;
  cells: readonly Cell[];
  mapping: ColumnMapping;
  headers: readonly string[];
  timeZone: string;
  /** The store's secret for the opaque code of a customer the row names no number for (`customerCodeSecret`). */
  customerCodeSecret: Uint8Array;
}

/**
 * Turns one file row into what ingestion takes, checking it the way the API checks an
 * event. Nothing here reads the database: whether a repair order's car is on file is
 * decided when the batch is ingested.
 */
export function planRow({
  rowNumber,
  cells,
  mapping,
  headers,
  timeZone,
  customerCodeSecret,
}: PlanRowOptions): RowPlan {
  const errors: string[] = [];
  const columnName = (field: ImportField) => {
    const column = mapping[field];
    // A field with no column is named by its usual header, so the message reads the same either way.
    return column === undefined ? importColumns[field][0] : (headers[column] ?? `#${column + 1}`);
  };
  const raw = (field: ImportField): Cell | undefined => {
    const column = mapping[field];
    return column === undefined ? undefined : cells[column];
  };
  const text = (field: ImportField) => cellText(raw(field));
  const fail = (field: ImportField, message: string) => errors.push(`${columnName(field)}: ${message}`);
  const parsed = <T>(field: ImportField, result: { ok: true; value: T } | { ok: false; message: string }) => {
    if (result.ok) return result.value;
    fail(field, result.message);
    return null;
  };
  const optional = <T>(key: string, value: T | null | undefined) =>
    value === null || value === undefined ? {} : { [key]: value };

  const vin = text('vin')?.toUpperCase() ?? null;
  if (!vin) fail('vin', 'is required');
  const name = text('customerName');
  const mobileText = text('mobile');
  const mobile = mobileText ? checkMobile(mobileText) : null;
  // A number that is not a mobile does not stop the row: the customer is imported without it, on the uncertain list.
  const wrongMobile = mobile && !mobile.ok ? mobile.message : null;
  // No number in the file: an opaque code of the mobile (else the VIN), never the phone itself.
  const customerKey =
    text('customerDmsId') ??
    (mobile?.ok ? customerCode(customerCodeSecret, 'mobile', mobile.phone) : null) ??
    (vin ? customerCode(customerCodeSecret, 'vin', vin) : null);
  const genderText = text('gender');
  const gender = genderText === '男' ? 'male' : genderText === '女' ? 'female' : null;
  if (genderText && !gender) fail('gender', 'must be 男 or 女');
  const birthday = parsed('birthday', localDateTime(raw('birthday')));
  const customer = name
    ? {
        dmsId: customerKey,
        name,
        ...optional('mobile', wrongMobile ? null : mobileText),
        ...optional('landline', text('landline')),
        ...optional('gender', gender),
        ...optional('birthday', birthday?.date),
        ...optional('idNumber', text('idNumber')),
        ...optional('homeAddress', text('address')),
      }
    : undefined;
  const vehicle = {
    vin,
    ...optional('plate', text('plate')),
    ...optional('brand', text('brand')),
    ...optional('series', text('series')),
    ...optional('model', text('model')),
    ...optional('exteriorColour', text('colour')),
  };

  const uncertain: UncertainPhone | null =
    !customer || !customerKey
      ? null
      : wrongMobile
        ? {
            customerDmsId: customerKey,
            reason: 'wrongNumber',
            note: `${columnName('mobile')}: "${mobileText?.slice(0, 40)}" ${wrongMobile}`,
          }
        : mapping.mobile !== undefined && !mobileText && !text('landline')
          ? { customerDmsId: customerKey, reason: 'emptyNumber', note: `${columnName('mobile')}: empty` }
          : null;

  const events: Record<string, unknown>[] = [];
  const deliveredOn = parsed('deliveredOn', localDateTime(raw('deliveredOn')));
  if (deliveredOn && !name) fail('customerName', 'is required for a delivery');
  if (deliveredOn && name) {
    const contractNo = text('contractNo');
    events.push({
      type: 'delivery',
      // One delivery per car unless the file names the contract.
      dmsId: contractNo ? `合同:${contractNo}` : `交车:${vin}`,
      deliveredAt: instantOf(deliveredOn, timeZone),
      ...optional('contractNo', contractNo),
      ...optional('salesConsultant', text('salesConsultant')),
      customer,
      vehicle,
    });
  }
  const orderNo = text('orderNo');
  if (orderNo) {
    const openedAt = parsed('openedAt', localDateTime(raw('openedAt')));
    const closedAt = parsed('closedAt', localDateTime(raw('closedAt')));
    if (!openedAt && !closedAt) fail('openedAt', 'is required for a work order');
    const typeText = text('orderType');
    const orderTypes = typeText ? orderTypesOf(typeText) : null;
    if (!typeText) fail('orderType', 'is required for a work order (首保, 保养, 小修, 钣喷 …)');
    else if (!orderTypes)
      fail('orderType', `"${typeText}" is not a known order type (首保, 保养, 小修, 钣喷 …)`);
    const payerText = text('payer');
    const payer = payerText ? payerOf(payerText) : 'self';
    if (!payer) fail('payer', `"${payerText}" is not a known payer (自费, 保险, 索赔, 首保免费)`);
    const labour = parsed('labourYuan', yuanToFen(raw('labourYuan')));
    const parts = parsed('partsYuan', yuanToFen(raw('partsYuan')));
    const mileage = parsed('mileageKm', kilometres(raw('mileageKm')));
    const opened = openedAt ?? closedAt;
    events.push({
      type: 'repairOrder',
      dmsId: orderNo,
      vehicle,
      ...optional('customer', customer),
      orderTypes: orderTypes ?? [],
      payer,
      labourFen: labour ?? 0,
      partsFen: parts ?? 0,
      ...optional('serviceAdvisor', text('serviceAdvisor')),
      ...optional('repairTeam', text('repairTeam')),
      ...optional('mileageKm', mileage),
      openedAt: opened ? instantOf(opened, timeZone) : '',
      ...optional('closedAt', closedAt ? instantOf(closedAt, timeZone) : null),
    });
  }
  if (errors.length > 0) return { rowNumber, events: [], file: null, errors, uncertain: null };

  if (events.length === 0) {
    if (!customer)
      return {
        rowNumber,
        events: [],
        file: null,
        errors: [`${columnName('customerName')}: is required`],
        uncertain: null,
      };
    const c = CustomerInput.safeParse(customer);
    const v = VehicleInput.safeParse(vehicle);
    const issues = [
      ...(c.success
        ? []
        : c.error.issues.map((i) => ({ path: `customer.${i.path.join('.')}`, message: i.message }))),
      ...(v.success
        ? []
        : v.error.issues.map((i) => ({ path: `vehicle.${i.path.join('.')}`, message: i.message }))),
    ];
    if (!c.success || !v.success)
      return { rowNumber, events: [], file: null, errors: issues.map(describe), uncertain: null };
    return { rowNumber, events: [], file: { customer: c.data, vehicle: v.data }, errors: [], uncertain };
  }
  const checked = parseBatch(events);
  const issues = checked.rejected.flatMap((r) => r.errors);
  if (issues.length > 0)
    return { rowNumber, events: [], file: null, errors: [...new Set(issues.map(describe))], uncertain: null };
  return { rowNumber, events, file: null, errors: [], uncertain };

  function describe(issue: Issue): string {
    return issueText(issue, mapping, headers);
  }
}

/** An ingestion issue (`customer.mobile: …`) in the file's words (`联系电话: …`). */
export function issueText(issue: Issue, mapping: ColumnMapping, headers: readonly string[]): string {
  const field = fieldOfPath[issue.path] ?? fieldOfPath[issue.path.split('.').slice(0, 2).join('.')];
  const column = field === undefined ? undefined : mapping[field];
  const name =
    field === undefined
      ? issue.path
      : column === undefined
        ? importColumns[field][0]
        : (headers[column] ?? importColumns[field][0]);
  return `${name}: ${issue.message}`;
}
