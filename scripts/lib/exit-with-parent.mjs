// Preloaded (`node --import`) into the demo's children, which run in their own process
// groups: if the demo dies without stopping them (kill -9), they stop themselves.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 1_000).unref();
