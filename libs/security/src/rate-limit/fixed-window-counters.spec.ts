import { FixedWindowCounters, recordOf } from './fixed-window-counters';

describe('FixedWindowCounters', () => {
  it('counts hits per key within a window and starts over when it ends', () => {
    const counters = new FixedWindowCounters();
    expect(counters.hit('a', 60_000, 0)).toEqual({ hits: 1, remainingMs: 60_000 });
    expect(counters.hit('a', 60_000, 10_000)).toEqual({ hits: 2, remainingMs: 50_000 });
    expect(counters.hit('b', 60_000, 10_000)).toEqual({ hits: 1, remainingMs: 60_000 });
    expect(counters.hit('a', 60_000, 60_000)).toEqual({ hits: 1, remainingMs: 60_000 });
  });

  it('stays O(1) and bounded: a million hits of one client are one entry, finished windows are forgotten', () => {
    const counters = new FixedWindowCounters();
    for (let i = 0; i < 1_000_000; i++) counters.hit('busy', 60_000, 1000);
    expect(counters.hit('busy', 60_000, 1000).hits).toBe(1_000_001);
    for (let i = 0; i < 1000; i++) counters.hit(`client-${i}`, 60_000, 2000);
    expect(counters.size).toBe(1001);
    counters.hit('late', 60_000, 200_000);
    expect(counters.size).toBe(1);
  });
});

describe('recordOf', () => {
  it('blocks past the limit until the window ends, in whole seconds', () => {
    expect(recordOf(3, 42_100, 3)).toEqual({ totalHits: 3, timeToExpire: 43, isBlocked: false, timeToBlockExpire: 0 });
    expect(recordOf(4, 900, 3)).toEqual({ totalHits: 4, timeToExpire: 1, isBlocked: true, timeToBlockExpire: 1 });
  });
});
