import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../compile.ts';
import { overallScore, satisfactionBand } from '../satisfaction.ts';
import { validateRuleSet } from '../validate-rule-set.ts';
import { questionnaireKind } from './questionnaire.ts';

const { defaults } = questionnaireKind;
const compiled = compileRuleSet({ kind: 'questionnaire', ruleSet: defaults, version: 1 });

describe('questionnaire defaults', () => {
  it('has the seed sales questionnaire of 11 items', () => {
    const sales = defaults.questionnaires.sales;
    expect(sales?.items.map((item) => item.type)).toEqual([
      'score',
      'score',
      'yesNo',
      'yesNo',
      'yesNo',
      'yesNo',
      'score',
      'yesNo',
      'yesNo',
      'yesNo',
      'text',
    ]);
    expect(sales?.items[0]?.label).toBe('对于在销售顾问接待您之前等待时间的长短,您的满意程度如何?');
    expect(sales?.items[4]?.label).toBe('交车时,车辆燃油警示灯是否亮起?');
  });

  it('has the seed after-sales questionnaire of 11 items, overall satisfaction first', () => {
    const afterSales = defaults.questionnaires.afterSales;
    expect(afterSales?.items.map((item) => item.type)).toEqual([
      'score',
      'yesNo',
      'yesNo',
      'threeWay',
      'yesNo',
      'yesNo',
      'yesNo',
      'yesNo',
      'score',
      'score',
      'text',
    ]);
    expect(afterSales?.items[0]).toEqual({
      id: 'overall',
      type: 'score',
      label: '您这次到店对我们的服务总体是否满意呢?',
    });
    expect(afterSales?.items[7]?.label).toBe('交车时服务顾问是否向您展示旧件呢?');
  });

  it('uses the sales questionnaire for sales callbacks and the after-sales one for after-sales callbacks', () => {
    expect(compiled.decide({ callbackType: 'sales' }, '2024-05-01').questionnaire?.key).toBe('sales');
    const afterSales = compiled.decide({ callbackType: 'afterSales' }, '2024-05-01');
    expect(afterSales.questionnaire?.title).toBe('售后服务电话调查问卷');
    expect(afterSales.questionnaire?.decidedBy.ruleId).toBe('after-sales-callback-questionnaire');
  });

  it.each([
    [10, 'fullySatisfied'],
    [8, 'fullySatisfied'],
    [7.9, 'basicallySatisfied'],
    [6, 'basicallySatisfied'],
    [5.9, 'dissatisfied'],
    [0, 'dissatisfied'],
  ] as const)('puts an overall score of %s in the band %s (≥8, ≥6 <8, <6)', (score, band) => {
    expect(satisfactionBand(score, compiled.decide({ callbackType: 'sales' }, '2024-05-01').bands)).toBe(
      band,
    );
  });

  it('reads the after-sales overall score from item 1 and the sales one as the mean of its score items', () => {
    const afterSales = defaults.questionnaires.afterSales;
    const sales = defaults.questionnaires.sales;
    if (!afterSales || !sales) throw new Error('fixture changed');
    expect(overallScore(afterSales, { overall: 7, diagnosis: 10, workQuality: 10 })).toBe(7);
    expect(overallScore(afterSales, { diagnosis: 10 })).toBeNull();
    expect(
      overallScore(sales, {
        waitingTime: 9,
        productKnowledge: 8,
        useAndMaintenance: 7,
        testDriveOffered: true,
      }),
    ).toBe(8);
  });

  it('rejects an overall item that is not a score, a repeated item id and a rule naming a missing questionnaire', () => {
    const body = structuredClone(defaults);
    const afterSales = body.questionnaires.afterSales;
    if (!afterSales) throw new Error('fixture changed');
    afterSales.overall = { method: 'item', itemId: 'greetedPromptly' };
    afterSales.items[2] = { id: 'greetedPromptly', type: 'yesNo', label: '重复' };
    const [first] = body.rules;
    if (first) first.event.params.questionnaire = 'newCar';
    const result = validateRuleSet('questionnaire', body);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual([
      'questionnaires.afterSales.items[2].id',
      'questionnaires.afterSales.overall.itemId',
      'rules[0].event.params.questionnaire',
    ]);
  });
});
