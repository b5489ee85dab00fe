import { describe, expect, it } from 'vitest';
import { instantOf, kilometres, localDateTime, yuanToFen } from './cells.ts';
import { autoMapping, foldHeader } from './columns.ts';
import { orderTypesOf, payerOf } from './row-events.ts';

describe('column mapping from Chinese headers', () => {
  it('maps the usual headers of a DMS export, each column once', () => {
    expect(
      autoMapping([
        '客户姓名',
        '联系电话',
        '车架号/VIN',
        '车牌号',
        '车型',
        '交车日期',
        '服务顾问',
        '工单号',
        '备注',
      ]),
    ).toEqual({
      customerName: 0,
      mobile: 1,
      vin: 2,
      plate: 3,
      model: 4,
      deliveredOn: 5,
      serviceAdvisor: 6,
      orderNo: 7,
    });
  });

  it.each([
    ['工时费（元）', '工时费'],
    [' 手 机 ', '手机'],
    ['ＶＩＮ', 'VIN'],
    ['里程(km)', '里程'],
    ['*客户姓名：', '客户姓名'],
  ])('folds %s to %s', (header, folded) => {
    expect(foldHeader(header)).toBe(foldHeader(folded));
  });

  it('matches a header that contains a known name of three characters or more', () => {
    expect(autoMapping(['进厂日期时间', '材料费合计'])).toEqual({ openedAt: 0, partsYuan: 1 });
  });
});

describe('cells as spreadsheets write them', () => {
  it.each([
    ['2024-05-01', { date: '2024-05-01', time: null }],
    ['２０２４／５／１', { date: '2024-05-01', time: null }],
    ['2024年5月1日', { date: '2024-05-01', time: null }],
    ['20240501', { date: '2024-05-01', time: null }],
    ['2024-05-01 9:30', { date: '2024-05-01', time: '09:30' }],
  ])('reads the date %s', (text, value) => {
    expect(localDateTime(text)).toEqual({ ok: true, value });
  });

  it.each(['2024-02-30', '2024-13-01', '5/1/2024', '明天'])('refuses %s as a date', (text) => {
    expect(localDateTime(text).ok).toBe(false);
  });

  it.each([
    ['350', 35_000],
    ['1,234.5', 123_450],
    ['￥88.08', 8_808],
    [99.9, 9_990],
  ])('reads %s yuan as %i fen', (cell, fen) => {
    expect(yuanToFen(cell)).toEqual({ ok: true, value: fen });
  });

  it('reads kilometres with separators and units', () => {
    expect(kilometres('45,000公里')).toEqual({ ok: true, value: 45_000 });
  });

  it('places a store-local time in its zone, and a bare date at local noon', () => {
    expect(instantOf({ date: '2024-05-01', time: '09:30' }, 'Asia/Shanghai')).toBe(
      '2024-05-01T01:30:00.000Z',
    );
    expect(instantOf({ date: '2024-05-01', time: null }, 'Asia/Shanghai')).toBe('2024-05-01T04:00:00.000Z');
  });

  it.each([
    ['首保', ['firstMaintenance']],
    ['保养、小修', ['maintenance', 'minorRepair']],
    ['钣喷,保险', ['bodyPaint', 'insuranceRepair']],
  ])('reads the order type %s', (text, types) => {
    expect(orderTypesOf(text)).toEqual(types);
  });

  it.each([
    ['自费', 'self'],
    ['保险公司', 'insurance'],
    ['厂家索赔', 'warranty'],
    ['首保免费', 'freeMaintenance'],
    ['挂账', null],
  ])('reads the payer %s', (text, payer) => {
    expect(payerOf(text)).toBe(payer);
  });
});
