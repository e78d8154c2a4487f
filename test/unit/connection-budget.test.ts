import { describe, expect, it } from 'vitest';
import { ConnectionBudget, type Slot } from '../../src/worker/net/connection-budget';
import { RAISE_AFTER_MS } from '../../src/worker/net/server-limits';

const never = new AbortController().signal;

/** Whether `promise` has settled once every queued microtask ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return done;
}

describe('ConnectionBudget', () => {
  it('hands out up to the limit per host at once, and the rest as slots are released', async () => {
    const budget = new ConnectionBudget(2);
    const a = await budget.acquire('h', never);
    await budget.acquire('h', never);
    await budget.acquire('other', never);
    const third = budget.acquire('h', never);
    expect(await settled(third)).toBe(false);
    a.release();
    expect(await settled(third)).toBe(true);
  });

  it('gives a free slot to the earliest job waiting, whatever order they asked in', async () => {
    const budget = new ConnectionBudget(1);
    const first = await budget.acquire('h', never, { id: 'a', order: 0 });
    const order: string[] = [];
    const late = budget.acquire('h', never, { id: 'c', order: 30 }).then((slot) => (order.push('job 30'), slot));
    const early = budget.acquire('h', never, { id: 'b', order: 10 }).then((slot) => (order.push('job 10'), slot));
    first.release();
    (await early).release();
    (await late).release();
    expect(order).toEqual(['job 10', 'job 30']);
  });

  it('serves a job that holds no connection before an earlier job asking for one more', async () => {
    const budget = new ConnectionBudget(2);
    const big = { id: 'big', order: 1 };
    const small = { id: 'small', order: 2 };
    const held = [await budget.acquire('h', never, big), await budget.acquire('h', never, big)];
    const order: string[] = [];
    const more = budget.acquire('h', never, big).then((slot) => (order.push('big'), slot));
    const first = budget.acquire('h', never, small).then((slot) => (order.push('small'), slot));
    held[0]?.release();
    await first;
    expect(order).toEqual(['small']);
    held[1]?.release();
    await more;
    expect(order).toEqual(['small', 'big']);
  });

  it('forgets a waiter whose job was stopped', async () => {
    const budget = new ConnectionBudget(1);
    const held = await budget.acquire('h', never);
    const stop = new AbortController();
    const stopped = budget.acquire('h', stop.signal);
    stop.abort('pause');
    await expect(stopped).rejects.toBe('pause');
    const next = budget.acquire('h', never);
    held.release();
    await expect(next).resolves.toHaveProperty('release');
  });

  it('applies a lower limit to the next slots, without taking any back', async () => {
    const budget = new ConnectionBudget(3);
    const held = [await budget.acquire('h', never), await budget.acquire('h', never), await budget.acquire('h', never)];
    budget.setLimit(1);
    const next = budget.acquire('h', never);
    held[0]?.release();
    held[1]?.release();
    expect(await settled(next), 'two slots still in use against a limit of one').toBe(false);
    held[2]?.release();
    expect(await settled(next)).toBe(true);
  });

  it('releasing a slot twice frees it once', async () => {
    const budget = new ConnectionBudget(1);
    const a = await budget.acquire('h', never, { id: 'a', order: 0 });
    const b = budget.acquire('h', never, { id: 'b', order: 1 });
    const c = budget.acquire('h', never, { id: 'c', order: 2 });
    a.release();
    a.release();
    expect(await settled(b)).toBe(true);
    expect(await settled(c)).toBe(false);
  });
});

describe('ConnectionBudget: a job waiting with no connection gets one back from the largest holder', () => {
  const large = { id: 'large', order: 1 };
  const medium = { id: 'medium', order: 2 };
  const small = { id: 'small', order: 3 };

  async function fill(budget: ConnectionBudget, claimant: { id: string; order: number }, count: number): Promise<Slot[]> {
    const slots: Slot[] = [];
    for (let i = 0; i < count; i++) slots.push(await budget.acquire('h', never, claimant));
    return slots;
  }

  it('asks nothing back while nobody waits', async () => {
    const budget = new ConnectionBudget(6);
    const slots = await fill(budget, large, 6);
    expect(slots.map((s) => s.shouldYield())).toEqual([false, false, false, false, false, false]);
  });

  it('asks one slot of the job holding the most, and hands it to the waiting job when released', async () => {
    const budget = new ConnectionBudget(6);
    const big = await fill(budget, large, 4);
    const mid = await fill(budget, medium, 2);
    const waiting = budget.acquire('h', never, small);
    expect(mid.map((s) => s.shouldYield()), 'not the job with fewer').toEqual([false, false]);
    const answers = big.map((s) => s.shouldYield());
    expect(answers, 'exactly one slot of the largest holder, the first to read').toEqual([true, false, false, false]);
    expect(big[0]?.shouldYield(), 'it stays asked until released').toBe(true);
    big[0]?.release();
    const got = await waiting;
    expect(got.shouldYield()).toBe(false);
    expect(big.slice(1).map((s) => s.shouldYield()), 'nobody waits any more').toEqual([false, false, false]);
  });

  it('does not hand a given-back slot to the giving job itself, which waits behind the job with none', async () => {
    const budget = new ConnectionBudget(2);
    const [a, b] = await fill(budget, large, 2);
    const order: string[] = [];
    const smallWaits = budget.acquire('h', never, small).then((s) => (order.push('small'), s));
    expect(a?.shouldYield()).toBe(true);
    a?.release();
    // The connection that gave its slot back asks again at once, as a connection of the large job.
    const largeAgain = budget.acquire('h', never, large).then((s) => (order.push('large'), s));
    await smallWaits;
    expect(order).toEqual(['small']);
    (await smallWaits).release();
    await largeAgain;
    expect(order).toEqual(['small', 'large']);
    expect(b?.shouldYield()).toBe(false);
  });

  it('never asks a job for its last connection', async () => {
    const budget = new ConnectionBudget(2);
    const a = await budget.acquire('h', never, large);
    const b = await budget.acquire('h', never, medium);
    const waiting = budget.acquire('h', never, small);
    expect([a.shouldYield(), b.shouldYield()]).toEqual([false, false]);
    a.release();
    await expect(waiting).resolves.toHaveProperty('release');
  });

  it('on a tie, asks the job added last', async () => {
    const budget = new ConnectionBudget(4);
    const first = await fill(budget, large, 2);
    const second = await fill(budget, medium, 2);
    void budget.acquire('h', never, small);
    expect(first.map((s) => s.shouldYield())).toEqual([false, false]);
    expect(second.map((s) => s.shouldYield())).toEqual([true, false]);
  });

  it('asks one slot back per job waiting with none, not per connection that waits', async () => {
    const budget = new ConnectionBudget(6);
    const big = await fill(budget, large, 6);
    const other = { id: 'other', order: 4 };
    void budget.acquire('h', never, small);
    void budget.acquire('h', never, small);
    void budget.acquire('h', never, other);
    void budget.acquire('h', never, large);
    // Two jobs hold none (one of them with two requests waiting): two slots come back.
    expect(big.map((s) => s.shouldYield())).toEqual([true, true, false, false, false, false]);
  });

  it('stops asking when the job with none stopped waiting', async () => {
    const budget = new ConnectionBudget(2);
    const [a] = await fill(budget, large, 2);
    const stop = new AbortController();
    const waiting = budget.acquire('h', stop.signal, small);
    stop.abort('cancel');
    await expect(waiting).rejects.toBe('cancel');
    expect(a?.shouldYield()).toBe(false);
  });
});

describe('ConnectionBudget: a server that limits connections per client', () => {
  function clocked(perHost: number): { budget: ConnectionBudget; advance: (ms: number) => void } {
    let now = 0;
    return { budget: new ConnectionBudget(perHost, () => now), advance: (ms) => void (now += ms) };
  }

  it('hands out no more than the connections that were delivering when one was refused', async () => {
    const { budget, advance } = clocked(6);
    const slots: Slot[] = [];
    for (let i = 0; i < 6; i++) slots.push(await budget.acquire('h', never));
    slots[0]?.delivered();
    slots[1]?.delivered();
    advance(100);
    const [first, second, refused, ...others] = slots;
    expect(refused?.refused(), 'two others delivered: a limit, not a failure').toBe(true);
    expect(budget.limitOf('h')).toBe(2);
    refused?.release();
    for (const s of others) s.release();
    const waiting = budget.acquire('h', never);
    expect(await settled(waiting), 'two in use: the limit is reached').toBe(false);
    first?.release();
    expect(await settled(waiting)).toBe(true);
    second?.release();
  });

  it('counts only recent deliveries of other slots', async () => {
    const { budget, advance } = clocked(6);
    const a = await budget.acquire('h', never);
    const b = await budget.acquire('h', never);
    a.delivered();
    b.delivered();
    advance(5_000);
    expect(b.refused(), 'the other slot went quiet: nothing shows a limit').toBe(false);
    a.delivered();
    expect(b.refused(), 'its own deliveries do not count, the other one does').toBe(true);
    expect(budget.limitOf('h')).toBe(1);
  });

  it('counts only the refused job\'s own connections: another job\'s download does not make a broken link wait for ever', async () => {
    const { budget } = clocked(6);
    const healthy = await budget.acquire('h', never, { id: 'healthy', order: 1 });
    const broken = await budget.acquire('h', never, { id: 'broken', order: 2 });
    healthy.delivered();
    expect(broken.refused(), 'a failure of the broken job').toBe(false);
    expect(budget.limitOf('h')).toBe(6);
  });

  it('gives a slot more to a waiting request once the server went a stretch without refusing', async () => {
    const { budget, advance } = clocked(6);
    const a = await budget.acquire('h', never);
    const b = await budget.acquire('h', never);
    a.delivered();
    expect(b.refused()).toBe(true);
    b.release();
    const waiting = budget.acquire('h', never);
    advance(RAISE_AFTER_MS - 1);
    a.delivered();
    expect(await settled(waiting)).toBe(false);
    advance(1);
    a.delivered();
    expect(await settled(waiting), 'the limit went up to 2').toBe(true);
    expect(budget.limitOf('h')).toBe(2);
  });
});
