import { z } from '@hono/zod-openapi';

/** The media type of an Excel workbook (every XLSX export). */
export const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The OpenAPI answer of an XLSX export route: a binary workbook. */
export const workbook = (description = 'The workbook') => ({
  description,
  content: { [xlsxType]: { schema: z.string().openapi({ format: 'binary' }) } },
});

/** The headers of a file download: its type, its (UTF-8, e.g. Chinese) name, and no sniffing. */
export const downloadHeaders = (fileName: string, contentType: string = xlsxType) => ({
  'content-type': contentType,
  'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
  'x-content-type-options': 'nosniff',
});
