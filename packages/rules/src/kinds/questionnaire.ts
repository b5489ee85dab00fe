import { z } from 'zod';
import { defineRuleKind } from '../define-kind.ts';
import { type DecidedBy, decidedBy } from '../firing.ts';
import {
  type Questionnaire,
  questionnaireSchema,
  type SatisfactionBands,
  satisfactionBandsSchema,
} from '../satisfaction.ts';
import { serviceTypeSchema } from '../vocabulary.ts';

const questionnaireKey = z.string().regex(/^[a-z][A-Za-z0-9]{0,39}$/);

const facts = z.object({
  /** The callback being prepared. */
  callbackType: z.enum(['sales', 'afterSales']),
  orderTypes: z.array(serviceTypeSchema).max(20).optional(),
  vehicle: z
    .object({ series: z.string().max(100).optional(), model: z.string().max(100).optional() })
    .optional(),
});

const events = {
  useQuestionnaire: z.object({ questionnaire: questionnaireKey }).strict(),
};

export interface QuestionnaireDecision {
  questionnaire: (Questionnaire & { key: string; decidedBy: DecidedBy }) | null;
  bands: SatisfactionBands;
}

/** The seed's new-car sales telephone survey (六安鑫宝新车销售电话调查问卷), 11 items. */
const salesQuestionnaire: Questionnaire = {
  title: '新车销售电话调查问卷',
  overall: { method: 'meanOfScoredItems' },
  items: [
    { id: 'waitingTime', type: 'score', label: '对于在销售顾问接待您之前等待时间的长短,您的满意程度如何?' },
    {
      id: 'productKnowledge',
      type: 'score',
      label: '对于销售顾问向您提供感兴趣车型详细信息能力方面,您的满意程度如何?',
    },
    { id: 'testDriveOffered', type: 'yesNo', label: '在您购买新车前,销售顾问是否向您建议过试乘试驾?' },
    { id: 'deliveryOnTime', type: 'yesNo', label: '请问销售顾问现场交车的时间是否符合您的要求?' },
    { id: 'fuelWarningLight', type: 'yesNo', label: '交车时,车辆燃油警示灯是否亮起?' },
    { id: 'questionsAnswered', type: 'yesNo', label: '交车时,销售人员是否解答了您提出的所有问题?' },
    {
      id: 'useAndMaintenance',
      type: 'score',
      label: '交车时,销售顾问就您车辆使用和维护保养方面作出的介绍,您的满意程度如何?',
    },
    {
      id: 'contactAfterDelivery',
      type: 'yesNo',
      label: '新车交付后销售顾问是否与您取得联系,了解您的车辆使用状况?',
    },
    {
      id: 'serviceAdvisorIntroduced',
      type: 'yesNo',
      label: '销售人员是否向您介绍了服务顾问?服务顾问有没有提醒您首次保养的时间,并留下了联系方式?',
    },
    { id: 'cashier', type: 'yesNo', label: '请问,结算时您对财务人员的工作效率及服务态度是否满意?' },
    { id: 'otherComments', type: 'text', label: '请问您对我们的产品和服务还有什么其他意见或建议吗?' },
  ],
};

/** The seed's after-sales telephone survey (六安鑫宝售后服务电话调查问卷), 11 items. */
const afterSalesQuestionnaire: Questionnaire = {
  title: '售后服务电话调查问卷',
  overall: { method: 'item', itemId: 'overall' },
  items: [
    { id: 'overall', type: 'score', label: '您这次到店对我们的服务总体是否满意呢?' },
    { id: 'greetedPromptly', type: 'yesNo', label: '您到店时是否有服务顾问及时接待并热情地问候您?' },
    { id: 'exteriorChecked', type: 'yesNo', label: '您到店时服务顾问是否对您车辆的外观进行了检查并说明?' },
    {
      id: 'workExplained',
      type: 'threeWay',
      label: '服务顾问是否向您说明本次保养/维修项目、费用、时间,并请您在施工单上签字确认?',
    },
    { id: 'returnedOnTime', type: 'yesNo', label: '服务顾问是否按时交车?' },
    { id: 'chargesExplained', type: 'yesNo', label: '是否有人向您解释了收费内容及作业项目(含实车确认)?' },
    {
      id: 'nextAppointment',
      type: 'yesNo',
      label: '交车时,接待人员是否向您宣传我们的预约服务并向您提供下次保养建议呢?',
    },
    { id: 'oldPartsShown', type: 'yesNo', label: '交车时服务顾问是否向您展示旧件呢?' },
    { id: 'diagnosis', type: 'score', label: '请问,对于我们维修技术人员诊断车辆有问题的能力,您是否满意?' },
    { id: 'workQuality', type: 'score', label: '请问您对车辆的维修/保养/钣喷质量及作业时间是否满意呢?' },
    { id: 'otherComments', type: 'text', label: '请问您对我们的产品和服务还有什么其他意见或建议吗?' },
  ],
};

/** The items of each questionnaire, which callback uses which, and the satisfaction bands. */
export const questionnaireKind = defineRuleKind({
  name: 'questionnaire',
  title: '回访问卷',
  description: 'The items of each questionnaire, which callback uses which, and the satisfaction bands.',
  facts,
  events,
  settings: {
    questionnaires: z.record(questionnaireKey, questionnaireSchema),
    bands: satisfactionBandsSchema,
  },
  refine(body, context) {
    for (const [key, questionnaire] of Object.entries(body.questionnaires)) {
      const ids = new Set<string>();
      questionnaire.items.forEach((item, index) => {
        if (ids.has(item.id)) {
          context.addIssue({
            code: 'custom',
            path: ['questionnaires', key, 'items', index, 'id'],
            message: `Item id "${item.id}" is used twice.`,
          });
        }
        ids.add(item.id);
      });
      const overall = questionnaire.overall;
      if (
        overall.method === 'item' &&
        !questionnaire.items.some((item) => item.id === overall.itemId && item.type === 'score')
      ) {
        context.addIssue({
          code: 'custom',
          path: ['questionnaires', key, 'overall', 'itemId'],
          message: `The overall score must be a score item of this questionnaire; "${overall.itemId}" is not.`,
        });
      }
    }
    body.rules.forEach((rule, index) => {
      if (!Object.hasOwn(body.questionnaires, rule.event.params.questionnaire)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'event', 'params', 'questionnaire'],
          message: `No questionnaire "${rule.event.params.questionnaire}" in this rule set.`,
        });
      }
    });
  },
  decide({ firings, ruleSet }): QuestionnaireDecision {
    const bands = { ...ruleSet.bands };
    const chosen = firings[0];
    const questionnaire = chosen ? ruleSet.questionnaires[chosen.params.questionnaire] : undefined;
    if (!chosen || !questionnaire) return { questionnaire: null, bands };
    return {
      questionnaire: { key: chosen.params.questionnaire, ...questionnaire, decidedBy: decidedBy(chosen) },
      bands,
    };
  },
  defaults: {
    kind: 'questionnaire',
    questionnaires: { sales: salesQuestionnaire, afterSales: afterSalesQuestionnaire },
    bands: { fullySatisfiedFrom: 8, basicallySatisfiedFrom: 6 },
    rules: [
      {
        id: 'sales-callback-questionnaire',
        name: '销售回访使用新车销售问卷',
        priority: 10,
        conditions: { all: [{ fact: 'callbackType', operator: 'equal', value: 'sales' }] },
        event: { type: 'useQuestionnaire', params: { questionnaire: 'sales' } },
      },
      {
        id: 'after-sales-callback-questionnaire',
        name: '售后回访使用售后服务问卷',
        priority: 10,
        conditions: { all: [{ fact: 'callbackType', operator: 'equal', value: 'afterSales' }] },
        event: { type: 'useQuestionnaire', params: { questionnaire: 'afterSales' } },
      },
    ],
  },
});
