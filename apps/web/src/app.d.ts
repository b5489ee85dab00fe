import type { Me, Store } from '$lib/api/contract';
import type { Locale } from '$lib/i18n/locale';
import type { ApiClient } from '$lib/server/api';

declare global {
  namespace App {
    interface Error {
      message: string;
      /** The API's error code, when the error came from the API. */
      code?: string;
    }
    interface Locals {
      locale: Locale;
      /** Calls the API as the signed-in user (session cookie + CSRF token), or anonymously. */
      api: ApiClient;
      /** The API's `me` for the session cookie; null when not signed in. */
      session: Me | null;
      /** The store chosen in the switcher, among those `me` says the user may see. */
      store: Store | null;
    }
  }
}
