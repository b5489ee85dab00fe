import type { Actor, Config, Database, Logger, QueueBackend } from '@crm/core';

/** What every route can reach: the database, the queues, configuration and the logger. */
export interface Deps {
  db: Database;
  backend: QueueBackend;
  config: Config;
  log: Logger;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    log: Logger;
    /** Set by the auth middleware; routes that need a caller use `actorOf(c)`. */
    actor: Actor | null;
    csrfToken: string | null;
  };
}
