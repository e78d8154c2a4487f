import { describe, expect, it } from 'vitest';
import { SpeedMeter } from '../../src/shared/speed-meter';

describe('SpeedMeter', () => {
  it('is 0 before anything arrives', () => {
    expect(new SpeedMeter().rate(1000)).toBe(0);
  });

  it('measures a steady stream over the window', () => {
    const meter = new SpeedMeter(3000);
    // 1 MB/s in 10 ms chunks for 10 s.
    for (let t = 0; t < 10_000; t += 10) meter.add(10_000, t);
    expect(meter.rate(10_000)).toBeCloseTo(1_000_000, -4);
  });

  it('measures a young meter over the time it has seen, not the whole window', () => {
    const meter = new SpeedMeter(3000);
    for (let t = 1000; t < 1500; t += 10) meter.add(5_000, t);
    expect(meter.rate(1500)).toBeCloseTo(500_000, -4);
  });

  it('does not divide by ~0 for the first chunk', () => {
    const meter = new SpeedMeter(3000);
    meter.add(1000, 5000);
    expect(meter.rate(5000)).toBe(10_000);
  });

  it('decays to 0 once nothing arrives for a window', () => {
    const meter = new SpeedMeter(3000);
    for (let t = 0; t < 3000; t += 100) meter.add(1000, t);
    const before = meter.rate(3000);
    expect(before).toBeCloseTo(10_000, -2);
    expect(meter.rate(4500)).toBeLessThan(before);
    expect(meter.rate(4500)).toBeGreaterThan(0);
    expect(meter.rate(6000)).toBe(0);
    expect(meter.rate(60_000)).toBe(0);
  });

  it('follows a change of speed within the window', () => {
    const meter = new SpeedMeter(2000);
    for (let t = 0; t < 10_000; t += 50) meter.add(t < 5000 ? 100 : 1000, t);
    expect(meter.rate(10_000)).toBeCloseTo(20_000, -3);
  });

  it('ignores chunks older than the window and non-positive sizes', () => {
    const meter = new SpeedMeter(1000);
    meter.add(1000, 10_000);
    meter.add(1_000_000, 5_000);
    meter.add(-50, 10_000);
    meter.add(Number.NaN, 10_000);
    expect(meter.rate(10_100)).toBe(10_000);
  });

  it('forgets a burst from long ago entirely, however many chunks came since', () => {
    // The ring reuses the burst's slot many times over; any of its bytes kept would show.
    const meter = new SpeedMeter(3000);
    meter.add(1e12, 0);
    for (let t = 1; t < 200_000; t += 1) meter.add(1, t);
    expect(meter.rate(200_000)).toBe(1000);
  });

  it('starts over after reset', () => {
    const meter = new SpeedMeter();
    meter.add(1_000_000, 100);
    meter.reset();
    expect(meter.rate(200)).toBe(0);
    meter.add(1000, 300);
    expect(meter.rate(400)).toBe(10_000);
  });
});
