import type { Store } from '../api/contract';

/**
 * The store the shell works in: the one remembered in the `crm_store` cookie if the user
 * may still see it, otherwise their first active store, otherwise their first store. The
 * visible stores come from the API's `me`, so the web never decides who sees which store.
 */
export function selectStore(visible: readonly Store[], remembered: string | undefined): Store | null {
  return (
    visible.find((store) => store.id === remembered) ??
    visible.find((store) => store.active) ??
    visible[0] ??
    null
  );
}
