/** An injected clock that moves only when the code under test sleeps (or the test advances it). */
export function fakeTime(start = new Date('2026-11-23T02:00:00Z')) {
  let t = start.getTime();
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(t) },
    ms: () => t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    sleeps,
    advance: (ms: number) => (t += ms),
  };
}
