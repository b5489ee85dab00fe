import { error } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

// The HQ area is for group-wide roles. The API authorises every call on its own; this
// spares store staff pages whose buttons would all answer "forbidden".
export const load: LayoutServerLoad = async ({ parent }) => {
  const { isHq } = await parent();
  if (!isHq) error(403, { message: 'HQ only', code: 'FORBIDDEN' });
};
