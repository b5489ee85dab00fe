/** A clock for countdowns: the current time, updated every `everyMs` while a page uses it. */
export function ticking(everyMs = 1_000) {
  let now = $state(Date.now());
  $effect(() => {
    const timer = setInterval(() => {
      now = Date.now();
    }, everyMs);
    return () => clearInterval(timer);
  });
  return {
    get now() {
      return now;
    },
  };
}
