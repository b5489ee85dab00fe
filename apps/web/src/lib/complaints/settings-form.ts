import { type ComplaintSettings, complaintCategories, departments } from './types';

/**
 * The settings form as the API's body: a repeat window, the phrases one per line, each
 * category's department and person (a category left without a department has no default),
 * each department's manager, and whether escalations also go out by SMS. Whether the values are acceptable is the API's to say.
 */
export function settingsBody(data: FormData): ComplaintSettings {
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    repeatWithinDays: Number(text('repeatWithinDays')),
    forbiddenPhrases: text('forbiddenPhrases')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean),
    responsibilities: complaintCategories.flatMap((category) => {
      const department = text(`department.${category}`);
      if (!(departments as readonly string[]).includes(department)) return [];
      return [
        {
          category,
          department: department as (typeof departments)[number],
          responsibleUserId: text(`person.${category}`) || null,
        },
      ];
    }),
    departmentManagers: departments.flatMap((department) => {
      const managerUserId = text(`manager.${department}`);
      return managerUserId ? [{ department, managerUserId }] : [];
    }),
    escalationSms: data.get('escalationSms') === 'on',
  };
}
