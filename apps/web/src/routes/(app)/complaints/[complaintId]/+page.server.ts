import { error } from '@sveltejs/kit';
import type { ComplaintPage } from '$lib/complaints/types';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

function pathOf(locals: App.Locals, complaintId: string): string {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return `/stores/${encodeURIComponent(locals.store.id)}/complaints/${encodeURIComponent(complaintId)}`;
}

export const load: PageServerLoad = async ({ locals, params }) => {
  try {
    return { page: await locals.api.get<ComplaintPage>(pathOf(locals, params.complaintId)) };
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

export const actions: Actions = {
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
