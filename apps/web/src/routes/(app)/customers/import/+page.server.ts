import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { ApiErrorBody, ImportDryRun, ImportView } from '$lib/api/contract';
import { choicesFromForm, mappingOf } from '$lib/imports/mapping';
import { failFromApi } from '$lib/server/respond';
import { uploadLimitBytes } from '$lib/server/upload-limit';
import type { Actions, PageServerLoad } from './$types';

// The import wizard's first two steps for the store chosen in the switcher: upload (the
// API's dry run) and the column mapping adjusted by hand. Starting moves on to the
// import's own page, which shows the progress.
export const load: PageServerLoad = ({ locals }) => ({
  store: locals.store,
  maxUploadBytes: uploadLimitBytes(env.BODY_SIZE_LIMIT),
});

const importsOf = (storeId: string) => `/stores/${encodeURIComponent(storeId)}/imports`;

const noStore = (form: string) =>
  fail(400, {
    form,
    error: { code: 'INVALID_INPUT', message: 'No store chosen', details: [] } satisfies ApiErrorBody,
    values: {},
  });

/** The import named by the form and the mapping its column selects carry. */
function mappingForm(data: FormData) {
  const importId = String(data.get('importId') ?? '');
  const columns = Number(data.get('columns') ?? 0);
  const count = Number.isInteger(columns) && columns > 0 && columns <= 500 ? columns : 0;
  return { importId: encodeURIComponent(importId), mapping: mappingOf(choicesFromForm(data, count)) };
}

export const actions: Actions = {
  upload: async ({ request, locals }) => {
    if (!locals.store) return noStore('upload');
    // The form's body goes on to the API as it arrives, never parsed or held here: the API
    // streams the file part to storage (and says when there is none, or it is too large).
    const contentType = request.headers.get('content-type') ?? '';
    if (!request.body || !/^multipart\/form-data/i.test(contentType)) {
      return fail(400, {
        form: 'upload',
        error: {
          code: 'INVALID_INPUT',
          message: 'No file',
          details: [{ path: 'file', message: 'required' }],
        } satisfies ApiErrorBody,
        values: {},
      });
    }
    try {
      return {
        dryRun: await locals.api.upload<ImportDryRun>(importsOf(locals.store.id), {
          body: request.body,
          contentType,
        }),
      };
    } catch (err) {
      return failFromApi(err, 'upload');
    }
  },

  preview: async ({ request, locals }) => {
    if (!locals.store) return noStore('preview');
    const { importId, mapping } = mappingForm(await request.formData());
    try {
      const dryRun = await locals.api.post<ImportDryRun>(
        `${importsOf(locals.store.id)}/${importId}/preview`,
        {
          mapping,
        },
      );
      return { dryRun };
    } catch (err) {
      return failFromApi(err, 'preview');
    }
  },

  start: async ({ request, locals }) => {
    if (!locals.store) return noStore('start');
    const { importId, mapping } = mappingForm(await request.formData());
    let started: ImportView;
    try {
      started = await locals.api.post<ImportView>(`${importsOf(locals.store.id)}/${importId}/start`, {
        mapping,
      });
    } catch (err) {
      return failFromApi(err, 'start');
    }
    redirect(303, `/customers/import/${encodeURIComponent(started.id)}`);
  },
};
