import { describe, expect, it } from 'vitest';
import { ConnectionBudget } from '../../src/worker/net/connection-budget';

const never = new AbortController().signal;

describe('ConnectionBudget', () => {
  it('hands out up to the limit per host at once, and the rest as slots are released', async () => {
    const budget = new ConnectionBudget(2);
    const a = await budget.acquire('h', never);
    await budget.acquire('h', never);
    await budget.acquire('other', never);
    let third = false;
    const waiting = budget.acquire('h', never).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    a();
    await waiting;
    expect(third).toBe(true);
  });

  it('gives a free slot to the earliest job waiting, whatever order they asked in', async () => {
    const budget = new ConnectionBudget(1);
    const first = await budget.acquire('h', never, { id: 'a', order: 0 });
    const order: string[] = [];
    const late = budget.acquire('h', never, { id: 'c', order: 30 }).then((release) => (order.push('job 30'), release));
    const early = budget.acquire('h', never, { id: 'b', order: 10 }).then((release) => (order.push('job 10'), release));
    first();
    (await early)();
    (await late)();
    expect(order).toEqual(['job 10', 'job 30']);
  });

  it('serves a job that holds no connection before an earlier job asking for one more', async () => {
    const budget = new ConnectionBudget(2);
    const big = { id: 'big', order: 1 };
    const small = { id: 'small', order: 2 };
    const held = [await budget.acquire('h', never, big), await budget.acquire('h', never, big)];
    const order: string[] = [];
    const more = budget.acquire('h', never, big).then((release) => (order.push('big'), release));
    const first = budget.acquire('h', never, small).then((release) => (order.push('small'), release));
    held[0]?.();
    await first;
    expect(order).toEqual(['small']);
    held[1]?.();
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
    held();
    await expect(next).resolves.toBeTypeOf('function');
  });

  it('applies a lower limit to the next slots, without taking any back', async () => {
    const budget = new ConnectionBudget(3);
    const held = [await budget.acquire('h', never), await budget.acquire('h', never), await budget.acquire('h', never)];
    budget.setLimit(1);
    expect(budget.available('h')).toBe(0);
    held[0]?.();
    held[1]?.();
    expect(budget.available('h')).toBe(0);
    held[2]?.();
    expect(budget.available('h')).toBe(1);
  });
});
