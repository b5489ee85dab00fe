import { raiseFromApi } from '$lib/server/respond';
import { readSmsLogFilters, smsLogQuery } from '$lib/sms/log-filters';
import type { SmsMessage } from '$lib/sms/types';
import type { PageServerLoad } from './$types';

// The send log (短信发送记录表) of the store chosen in the switcher; the filters live in the
// URL, so a filtered view can be bookmarked and Back returns to it.
export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = readSmsLogFilters(url.searchParams);
  // After a manual send: the new message, marked in the log.
  const sent = url.searchParams.get('sent');
  const store = locals.store;
  if (!store) return { filters, sent, messages: null };
  try {
    const { items } = await locals.api.get<{ items: SmsMessage[] }>(
      `/stores/${encodeURIComponent(store.id)}/sms/messages?${smsLogQuery(filters, store.timeZone)}`,
    );
    return { filters, sent, messages: items };
  } catch (err) {
    raiseFromApi(err);
  }
};
