/**
 * A clock that tests move instead of waiting: `now` reads it, `sleep` advances it at once (and remembers how long
 * each sleep asked for), `advance` moves it by hand. Pass `now` and `sleep` wherever the code injects time.
 */

/** Injected time for one test. */
export interface VirtualClock {
  now: () => Date;
  /** Resolves at once, moving the clock by `ms`. */
  sleep: (ms: number) => Promise<void>;
  /** Moves the clock without a sleep (time passing between calls). */
  advance: (ms: number) => void;
  /** Every sleep asked for, in ms, in order. */
  sleeps: number[];
}

/** A virtual clock starting at `startIso`. */
export function virtualClock(startIso = '2026-11-28T06:00:00Z'): VirtualClock {
  let at = Date.parse(startIso);
  const sleeps: number[] = [];
  return {
    now: () => new Date(at),
    sleep: async (ms) => {
      sleeps.push(ms);
      at += ms;
    },
    advance: (ms) => {
      at += ms;
    },
    sleeps,
  };
}
