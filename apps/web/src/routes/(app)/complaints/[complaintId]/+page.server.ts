import { error, fail } from '@sveltejs/kit';
import type { ComplaintPage } from '$lib/complaints/types';
import { answer } from '$lib/server/api';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function pathOf(locals: App.Locals, complaintId: string): string {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return `/stores/${encodeURIComponent(locals.store.id)}/complaints/${encodeURIComponent(complaintId)}`;
}

// The complaint, its 纠正预防措施, and the people it can be dispatched to.
export const load: PageServerLoad = async ({ locals, params }) => {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  const storeId = locals.store.id;
  const complaint = { params: { path: { storeId, complaintId: params.complaintId } } };
  try {
    const [page, actions, people] = await Promise.all([
      answer(locals.api.GET('/v1/stores/{storeId}/complaints/{complaintId}', complaint)),
      answer(locals.api.GET('/v1/stores/{storeId}/complaints/{complaintId}/actions', complaint)),
      answer(locals.api.GET('/v1/stores/{storeId}/complaint-people', { params: { path: { storeId } } })),
    ]);
    return { page, actions: actions.items, people: people.items };
  } catch (err) {
    raiseFromApi(err);
  }
};

/** The filled text fields of a form, trimmed; empty ones are left out. */
function filled(data: FormData, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const value = data.get(name);
    if (typeof value === 'string' && value.trim()) out[name] = value.trim();
  }
  return out;
}

/** Each workflow step posts to its API route; the answer carries any forbidden-phrase warnings. */
function step(form: string, build: (data: FormData) => { path: string; body: Record<string, unknown> }) {
  return async ({
    request,
    locals,
    params,
  }: {
    request: Request;
    locals: App.Locals;
    params: { complaintId: string };
  }) => {
    const data = await request.formData();
    const { path, body } = build(data);
    try {
      const page = await locals.api.post<ComplaintPage>(
        `${pathOf(locals, params.complaintId)}/${path}`,
        body,
      );
      return { form, warnings: page.warnings };
    } catch (err) {
      return failFromApi(err, form, formValues(data));
    }
  };
}

/** A 纠正预防措施 call: the action's own route under the complaint; the page reloads after. */
function actionCall(
  form: string,
  build: (data: FormData) => Promise<{ path: string; body: Record<string, unknown> }>,
) {
  return async ({
    request,
    locals,
    params,
  }: {
    request: Request;
    locals: App.Locals;
    params: { complaintId: string };
  }) => {
    const data = await request.formData();
    const file = data.get('file');
    if (form === 'attach' && (!(file instanceof File) || file.size === 0)) {
      const detail = { path: 'file', message: 'choose a file' };
      return fail(400, {
        form,
        error: { code: 'INVALID_INPUT', message: detail.message, details: [detail] },
        values: {},
      });
    }
    try {
      const { path, body } = await build(data);
      await locals.api.post(`${pathOf(locals, params.complaintId)}/actions${path}`, body);
      return { form };
    } catch (err) {
      return failFromApi(err, form, formValues(data));
    }
  };
}
const actionId = (data: FormData) => encodeURIComponent(String(data.get('actionId') ?? ''));

export const actions: Actions = {
  addAction: actionCall('addAction', async (d) => ({
    path: '',
    body: filled(d, ['kind', 'description', 'ownerUserId', 'dueOn']),
  })),
  actionDone: actionCall('actionDone', async (d) => ({ path: `/${actionId(d)}/done`, body: {} })),
  attach: actionCall('attach', async (d) => {
    const file = d.get('file') as File;
    return {
      path: `/${actionId(d)}/attachments`,
      body: {
        fileName: file.name,
        contentType: file.type,
        contentBase64: Buffer.from(await file.arrayBuffer()).toString('base64'),
      },
    };
  }),
  upheld: step('upheld', () => ({ path: 'judge', body: { upheld: true } })),
  notUpheld: step('notUpheld', (d) => ({
    path: 'judge',
    body: { upheld: false, ...filled(d, ['reason', 'reply']) },
  })),
  dispatch: step('dispatch', (d) => ({
    path: 'dispatch',
    body: filled(d, ['department', 'responsibleUserId', 'note']),
  })),
  plan: step('plan', (d) => ({ path: 'plan', body: filled(d, ['solutionPlan']) })),
  answer: step('answer', (d) => ({ path: 'answer', body: filled(d, ['answer']) })),
  recall: step('recall', (d) => ({ path: 'recalls', body: filled(d, ['outcome', 'note']) })),
  close: step('close', (d) => ({ path: 'close', body: filled(d, ['resultSummary', 'reviewOpinion']) })),
  reopen: step('reopen', (d) => ({ path: 'reopen', body: filled(d, ['reason']) })),
};
