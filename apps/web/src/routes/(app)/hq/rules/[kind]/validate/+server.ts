import { validateForEditor } from '$lib/server/rule-editor';
import type { RequestHandler } from './$types';

// The editor's live check for a group default.
export const POST: RequestHandler = (event) =>
  validateForEditor(event, `/rule-sets/${encodeURIComponent(event.params.kind)}`);
