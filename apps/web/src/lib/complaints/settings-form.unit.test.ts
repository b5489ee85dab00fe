import { describe, expect, it } from 'vitest';
import { settingsBody } from './settings-form';

const form = (entries: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(entries)) data.set(key, value);
  return data;
};

describe('the complaint settings form', () => {
  it('sends one phrase per non-blank line, and only the categories given a department', () => {
    const body = settingsBody(
      form({
        repeatWithinDays: '30',
        forbiddenPhrases: '我不大清楚\r\n\n  规定就是这样  \n',
        'department.repairQuality': 'service',
        'person.repairQuality': 'u-1',
        'department.price': 'sales',
        'person.price': '',
        'department.other': '',
        'person.other': 'u-2',
        'manager.service': 'u-3',
        'manager.sales': '',
        escalationSms: 'on',
      }),
    );
    expect(body).toEqual({
      repeatWithinDays: 30,
      forbiddenPhrases: ['我不大清楚', '规定就是这样'],
      responsibilities: [
        { category: 'repairQuality', department: 'service', responsibleUserId: 'u-1' },
        { category: 'price', department: 'sales', responsibleUserId: null },
      ],
      departmentManagers: [{ department: 'service', managerUserId: 'u-3' }],
      escalationSms: true,
    });
    expect(settingsBody(form({ repeatWithinDays: '30' })).escalationSms).toBe(false);
  });
});
