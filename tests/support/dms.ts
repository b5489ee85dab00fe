/** DMS events as a dealer system sends them, for tests that need cars and orders on file. */

/** A VIN with a valid check digit (Chinese WMI), distinct per serial. */
export function vinFor(serial: number): string {
  const body = `LSVAU2180N${String(serial).padStart(7, '0')}`;
  const values: Record<string, number> = { A: 1, L: 3, N: 5, S: 2, U: 4, V: 5 };
  const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = body.charAt(i);
    sum += (/\d/.test(c) ? Number(c) : (values[c] ?? 0)) * (weights[i] ?? 0);
  }
  return `${body.slice(0, 8)}${sum % 11 === 10 ? 'X' : String(sum % 11)}${body.slice(9)}`;
}

export const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A new car delivered to a new customer `days` ago; `serial` keeps ids, VIN and plate distinct. */
export function deliveryEvent(serial = Math.floor(Math.random() * 1e7), days = 2) {
  return {
    type: 'delivery',
    dmsId: `D${serial}`,
    deliveredAt: daysAgo(days),
    salesConsultant: '王销售',
    customer: { dmsId: `C${serial}`, name: `客户${serial}`, mobile: `138${String(serial).padStart(8, '0')}` },
    vehicle: {
      vin: vinFor(serial),
      plate: `皖A${String(serial % 100000).padStart(5, '0')}`,
      brand: '丰田',
      series: '卡罗拉',
    },
  };
}

/** A closed, self-paid first maintenance of the car of `serial`, closed yesterday. */
export function repairOrderEvent(serial: number, extra: Record<string, unknown> = {}) {
  return {
    type: 'repairOrder',
    dmsId: `O${serial}`,
    vehicle: { vin: vinFor(serial) },
    orderTypes: ['firstMaintenance'],
    payer: 'self',
    labourFen: 30_000,
    partsFen: 20_000,
    serviceAdvisor: '李顾问',
    repairTeam: '一组',
    mileageKm: 5_000,
    openedAt: daysAgo(1.2),
    closedAt: daysAgo(1),
    ...extra,
  };
}
