import { halfWidth } from '../customers/normalize.ts';

/**
 * The fields an import row can carry, each with the headers DMS exports and hand-kept
 * spreadsheets use for it. A row is a customer and a vehicle; with a delivery date it is
 * also a delivery (交车), with a work-order number also a repair order (工单).
 */
export const importColumns = {
  customerDmsId: ['客户编号', '客户代码', '客户ID', '客户号', '客户id'],
  customerName: ['客户姓名', '客户名称', '车主姓名', '车主', '姓名', '联系人'],
  mobile: ['手机', '手机号', '手机号码', '移动电话', '联系电话', '联系手机', '电话', '联系方式', '车主电话'],
  landline: ['固定电话', '座机', '家庭电话', '办公电话'],
  gender: ['性别'],
  birthday: ['生日', '出生日期'],
  idNumber: ['身份证号', '身份证', '身份证号码', '证件号码', '证件号'],
  address: ['地址', '家庭住址', '联系地址', '住址', '通讯地址'],
  vin: ['车架号', 'VIN', 'VIN码', '车辆识别代号', '车辆识别码', '底盘号', '车架号/VIN', '车架号(VIN)'],
  plate: ['车牌号', '车牌', '车牌号码', '牌照号', '牌照'],
  brand: ['品牌', '厂牌'],
  series: ['车系'],
  model: ['车型', '车型名称', '车辆型号'],
  colour: ['颜色', '车身颜色', '外观颜色'],
  deliveredOn: ['交车日期', '交车时间', '交付日期', '销售日期', '购车日期', '开票日期'],
  contractNo: ['合同号', '合同编号', '销售合同号'],
  salesConsultant: ['销售顾问', '销售员', '销售人员'],
  orderNo: ['工单号', '维修工单号', '工单编号', '委托书号', '委托书编号', '维修单号'],
  openedAt: ['进厂日期', '进厂时间', '开单日期', '开单时间', '接车日期', '维修日期'],
  closedAt: ['结算日期', '结算时间', '出厂日期', '出厂时间', '完工日期'],
  mileageKm: ['里程', '进厂里程', '行驶里程', '公里数', '里程数'],
  labourYuan: ['工时费', '工时费用', '工时金额'],
  partsYuan: ['材料费', '配件费', '材料费用', '配件金额', '材料金额'],
  payer: ['付费方式', '结算方式', '付款方式', '支付方式', '付费类型'],
  orderType: ['维修类型', '工单类型', '业务类型', '维修类别', '服务类型'],
  serviceAdvisor: ['服务顾问', '接待员', '服务接待', 'SA'],
  repairTeam: ['维修班组', '班组', '维修组'],
} as const satisfies Record<string, readonly string[]>;

export type ImportField = keyof typeof importColumns;
export const importFields = Object.keys(importColumns) as ImportField[];

/** Field → zero-based column index. */
export type ColumnMapping = Partial<Record<ImportField, number>>;

/**
 * A header or cell as a person meant it: half-width (１２３ → 123, Ａ → A, the ideographic
 * space), no spaces at all, units in brackets dropped (工时费（元） → 工时费), upper case.
 */
export function foldHeader(header: string): string {
  return halfWidth(header)
    .replace(/\s+/g, '')
    .replace(/[(（[【][^)）\]】]*[)）\]】]$/u, '')
    .replace(/[:：*＊]/g, '')
    .toUpperCase();
}

const synonyms = importFields.flatMap((field) =>
  importColumns[field].map((name) => ({ field, name: foldHeader(name) })),
);
// Longest names first, so 车架号/VIN wins over VIN and 服务顾问 over 顾问-like fragments.
const bySpecificity = [...synonyms].sort((a, b) => b.name.length - a.name.length);

/**
 * Maps each header to the field it names: an exact synonym first, then a header that
 * contains one of three characters or more (进厂日期时间 → openedAt). Each field and each column is used once; a
 * column nobody recognises is left out (and shown as unmapped).
 *
 * @example
 * autoMapping(['客户姓名', '手机', '车架号', '工单号']); // { customerName: 0, mobile: 1, vin: 2, orderNo: 3 }
 */
export function autoMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const taken = new Set<number>();
  const folded = headers.map(foldHeader);
  const assign = (match: (header: string, name: string) => boolean) => {
    for (const { field, name } of bySpecificity) {
      if (mapping[field] !== undefined) continue;
      const column = folded.findIndex((h, i) => !taken.has(i) && h !== '' && match(h, name));
      if (column === -1) continue;
      mapping[field] = column;
      taken.add(column);
    }
  };
  assign((h, name) => h === name);
  // Two-character names (车型, 电话) are too common inside other headers to match by containment.
  assign((h, name) => name.length >= 3 && h.includes(name));
  return mapping;
}
