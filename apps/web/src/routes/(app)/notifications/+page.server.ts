import { answer } from '$lib/server/api';
import { failFromApi, raiseFromApi } from '$lib/server/respond';
import type { Actions, PageServerLoad } from './$types';

// The signed-in person's notifications, newest first; `?unread=true` for the unread only.
export const load: PageServerLoad = async ({ locals, url }) => {
  const unreadOnly = url.searchParams.get('unread') === 'true';
  try {
    const { items } = await answer(
      locals.api.GET('/v1/notifications', {
        params: { query: unreadOnly ? { unread: 'true', limit: 200 } : { limit: 200 } },
      }),
    );
    return { notifications: items, unreadOnly };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  read: async ({ request, locals }) => {
    const id = String((await request.formData()).get('id') ?? '');
    try {
      await locals.api.post(`/notifications/${encodeURIComponent(id)}/read`);
      return { form: 'read' };
    } catch (err) {
      return failFromApi(err, 'read');
    }
  },
};
