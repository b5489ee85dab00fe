import { error } from '@sveltejs/kit';
import type { ArchiveAudit } from '$lib/api/contract';
import { answer } from '$lib/server/api';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

const auditsPath = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/archive-audits`;
const isoWeek = /^\d{4}-W\d{2}$/;

function storeOf(locals: App.Locals) {
  if (!locals.store) error(404, { message: 'No store chosen', code: 'NOT_FOUND' });
  return locals.store;
}

// 客户档案检核 of the store in the switcher: the week in the URL (`?week=2026-W49`, the
// current one by default), its draw and checks if drawn, and the weeks drawn before.
export const load: PageServerLoad = async ({ locals, url }) => {
  const store = locals.store;
  if (!store) return { list: null, week: null, audit: null };
  try {
    const storeId = store.id;
    const list = await answer(
      locals.api.GET('/v1/stores/{storeId}/archive-audits', { params: { path: { storeId } } }),
    );
    const asked = url.searchParams.get('week') ?? '';
    const week = isoWeek.test(asked) ? asked : list.currentWeek;
    const drawn = list.items.find((item) => item.week === week);
    const audit = drawn
      ? await answer(
          locals.api.GET('/v1/stores/{storeId}/archive-audits/{auditId}', {
            params: { path: { storeId, auditId: drawn.id } },
          }),
        )
      : null;
    return { list, week, audit };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  /** Draws the week (or returns its earlier draw: drawing is idempotent). */
  draw: async ({ request, locals }) => {
    const store = storeOf(locals);
    const data = await request.formData();
    try {
      const audit = await locals.api.post<ArchiveAudit>(auditsPath(store.id), { week: text(data, 'week') });
      return { form: 'draw', week: audit.week };
    } catch (err) {
      return failFromApi(err, 'draw', formValues(data));
    }
  },
  /** The check form of one file. */
  check: async ({ request, locals }) => {
    const store = storeOf(locals);
    const data = await request.formData();
    const auditId = text(data, 'auditId');
    const fileId = text(data, 'fileId');
    try {
      await locals.api.put<ArchiveAudit>(
        `${auditsPath(store.id)}/${encodeURIComponent(auditId)}/files/${encodeURIComponent(fileId)}`,
        {
          status: text(data, 'status'),
          problem: text(data, 'problem'),
          fix: text(data, 'fix'),
          responsible: text(data, 'responsible'),
        },
      );
      return { form: 'check', fileId, saved: true };
    } catch (err) {
      return failFromApi(err, 'check', { ...formValues(data), fileId });
    }
  },
};
