import { validateForEditor } from '$lib/server/rule-editor';
import type { RequestHandler } from './$types';

// The editor's live check for the store chosen in the switcher.
export const POST: RequestHandler = (event) =>
  validateForEditor(
    event,
    event.locals.store
      ? `/stores/${encodeURIComponent(event.locals.store.id)}/rule-sets/${encodeURIComponent(event.params.kind)}`
      : null,
  );
