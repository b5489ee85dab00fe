import { loadConfig } from '../config.ts';
import { migrate } from './migrate.ts';

const config = loadConfig();
const applied = await migrate({
  ownerUrl: config.DATABASE_URL,
  appUser: config.DATABASE_APP_USER,
  appPassword: config.DATABASE_APP_PASSWORD,
  log: (line) => console.log(line),
});
console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date');
