/// <reference lib="dom" />
/** Refreshes a page's data on an interval while the tab is visible; never two loads at once. */
export function live(load: () => Promise<void>, everyMs: number, onError: (e: Error) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    clearTimeout(timer);
    if (stopped) return;
    if (!running && document.visibilityState !== 'hidden') {
      running = load()
        .catch((e: Error) => onError(e))
        .finally(() => {
          running = null;
        });
    }
    await running;
    if (!stopped) timer = setTimeout(() => void tick(), everyMs);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') void tick();
  };
  document.addEventListener('visibilitychange', onVisible);
  return {
    now: tick,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    },
  };
}
