import { describe, expect, it } from 'vitest';
import { readSmsLogFilters, smsLogQuery, startOfLocalDay } from './log-filters';

describe('startOfLocalDay', () => {
  it.each([
    ['2026-11-01', 'Asia/Shanghai', '2026-11-01T00:00:00+08:00'],
    ['2026-11-01', 'Asia/Urumqi', '2026-11-01T00:00:00+06:00'],
    ['2026-07-01', 'America/Los_Angeles', '2026-07-01T00:00:00-07:00'],
    ['2026-07-01', 'UTC', '2026-07-01T00:00:00+00:00'],
  ])('%s in %s starts at %s', (date, zone, expected) => {
    expect(startOfLocalDay(date, zone)).toBe(expected);
  });
});

describe('the send log filters', () => {
  it('reads the URL, dropping what the API would refuse', () => {
    const filters = readSmsLogFilters(
      new URLSearchParams(
        'status=failed&reason=birthday&phoneTail=13 8-1234&from=2026-11-01&to=nope&flagged=true',
      ),
    );
    expect(filters).toEqual({
      status: 'failed',
      reason: 'birthday',
      phoneTail: '1381234',
      from: '2026-11-01',
      to: '',
      flagged: true,
    });
    expect(readSmsLogFilters(new URLSearchParams('status=lost')).status).toBe('');
  });

  it('asks the API for whole store-local days, the last one included', () => {
    const query = smsLogQuery(
      { status: '', reason: '', phoneTail: '12', from: '2026-11-01', to: '2026-11-30', flagged: false },
      'Asia/Shanghai',
    );
    expect(Object.fromEntries(new URLSearchParams(query))).toEqual({
      limit: '200',
      from: '2026-11-01T00:00:00+08:00',
      to: '2026-12-01T00:00:00+08:00',
    });
  });
});
