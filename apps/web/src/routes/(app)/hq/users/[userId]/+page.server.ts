import { redirect } from '@sveltejs/kit';
import type { RoleAssignment, User } from '$lib/api/contract';
import { assignableRoles } from '$lib/server/assignable-roles';
import { roleInput, text } from '$lib/server/form-input';
import { failFromApi, formValues, raiseFromApi } from '$lib/server/respond';
import { updateUserBody } from '$lib/server/user-body';
import type { Actions, PageServerLoad } from './$types';

const userPath = (userId: string) => `/users/${encodeURIComponent(userId)}`;

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!locals.session) redirect(303, '/login');
  try {
    const user = await locals.api.get<User>(userPath(params.userId));
    return { editedUser: user, assignable: assignableRoles(locals.session.roles) };
  } catch (err) {
    raiseFromApi(err);
  }
};

export const actions: Actions = {
  save: async ({ request, locals, params }) => {
    const data = await request.formData();
    try {
      await locals.api.patch<User>(userPath(params.userId), updateUserBody(data));
      return { form: 'save', done: true };
    } catch (err) {
      return failFromApi(err, 'save', formValues(data));
    }
  },
  addRole: async ({ request, locals, params }) => {
    const data = await request.formData();
    try {
      await locals.api.post<RoleAssignment>(`${userPath(params.userId)}/roles`, roleInput(data));
      return { form: 'addRole', done: true };
    } catch (err) {
      return failFromApi(err, 'addRole', formValues(data));
    }
  },
  removeRole: async ({ request, locals, params }) => {
    const data = await request.formData();
    const assignmentId = text(data, 'assignmentId');
    try {
      await locals.api.delete(`${userPath(params.userId)}/roles/${encodeURIComponent(assignmentId)}`);
      return { form: 'removeRole', done: true };
    } catch (err) {
      return failFromApi(err, 'removeRole');
    }
  },
};
