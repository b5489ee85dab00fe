import { downloadFromApi } from '$lib/server/download';
import { monthOf } from '../../month';
import type { RequestHandler } from './$types';

// 下载本月报表: the month's workbook, straight from the API.
export const GET: RequestHandler = ({ params, url, cookies, getClientAddress }) =>
  downloadFromApi({
    cookies,
    clientAddress: getClientAddress(),
    path: `/stores/${encodeURIComponent(params.storeId)}/report-pack.xlsx?month=${monthOf(url)}`,
  });
