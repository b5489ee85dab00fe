import { z } from '@hono/zod-openapi';

/** Path parameters shared by the routes. */
const id = (name: string) => z.uuid().openapi({ param: { name, in: 'path' } });

export const StoreParams = z.object({ storeId: id('storeId') });
export const UserParams = z.object({ userId: id('userId') });
export const TenantParams = z.object({ tenantId: id('tenantId') });
export const RoleParams = z.object({ userId: id('userId'), assignmentId: id('assignmentId') });
export const TokenParams = z.object({ storeId: id('storeId'), tokenId: id('tokenId') });

export const json = <T extends z.ZodType>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true,
});
export const ok = <T extends z.ZodType>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
});
