import { fail } from '@sveltejs/kit';
import { answer } from '$lib/server/api';
import { text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { qualityStoreId } from '../../types';
import type { Actions, PageServerLoad } from './$types';

const meetingPath = (storeId: string, meetingId: string) =>
  `/stores/${encodeURIComponent(storeId)}/quality/meetings/${encodeURIComponent(meetingId)}`;
const noStore = { code: 'NOT_FOUND', message: 'No store selected', details: [] };

// One improvement meeting: the pack (weak items against the previous month), the record,
// and the improvement items raised from it. `?raise=<key>` preselects a weak item to raise.
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const storeId = qualityStoreId(url, locals.store?.id);
  if (!storeId) return { storeId: null, meeting: null, raise: '' };
  try {
    const meeting = await answer(
      locals.api.GET('/v1/stores/{storeId}/quality/meetings/{meetingId}', {
        params: { path: { storeId, meetingId: params.meetingId } },
      }),
    );
    return { storeId, meeting, raise: url.searchParams.get('raise') ?? '' };
  } catch (err) {
    raiseFromApi(err);
  }
};

/** Attendees as typed: one per line, or separated by Chinese or Latin commas. */
const attendeeList = (value: string) =>
  value
    .split(/[,，、;；\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');

export const actions: Actions = {
  record: async ({ request, locals, url, params }) => {
    const data = await request.formData();
    const storeId = qualityStoreId(url, locals.store?.id);
    if (!storeId) return fail(400, { form: 'record', error: noStore, values: formValues(data) });
    try {
      await locals.api.put(meetingPath(storeId, params.meetingId), {
        heldOn: text(data, 'heldOn'),
        attendees: attendeeList(text(data, 'attendees')),
        minutes: text(data, 'minutes'),
      });
      return { form: 'record', saved: true };
    } catch (err) {
      return failFromApi(err, 'record', formValues(data));
    }
  },
  raise: async ({ request, locals, url, params }) => {
    const data = await request.formData();
    const storeId = qualityStoreId(url, locals.store?.id);
    if (!storeId) return fail(400, { form: 'raise', error: noStore, values: formValues(data) });
    try {
      await locals.api.post(`${meetingPath(storeId, params.meetingId)}/items`, {
        subjectKey: text(data, 'subjectKey'),
        cause: text(data, 'cause'),
        measures: text(data, 'measures'),
        ownerUserId: text(data, 'ownerUserId'),
        dueOn: text(data, 'dueOn'),
      });
      return { form: 'raise', raised: true };
    } catch (err) {
      return failFromApi(err, 'raise', formValues(data));
    }
  },
};
