// Calls in flight: as many as their duration needs, never more than allowed, in order, and a
// failure stops the rest.
import { describe, expect, it } from 'vitest';
import { WritePipeline } from '../../src/mirror/write-pipeline.js';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runTasks(p: WritePipeline, n: number, ms: number) {
  let running = 0;
  let most = 0;
  const started: number[] = [];
  for (let i = 0; i < n; i++) {
    p.adapt(0);
    await p.start(async () => {
      started.push(i);
      running += 1;
      most = Math.max(most, running);
      await tick(ms);
      running -= 1;
    });
  }
  await p.settle();
  return { most, started };
}

describe('WritePipeline', () => {
  it('keeps one call in flight while calls are shorter than their slot', async () => {
    const { most, started } = await runTasks(new WritePipeline(8, 50), 12, 5);
    expect(most).toBe(1);
    expect(started).toEqual([...Array(12).keys()]);
  });

  it('adds calls in flight when calls take longer than their slots, up to maxInFlight, in order', async () => {
    const { most, started } = await runTasks(new WritePipeline(3, 2), 30, 20);
    expect(most).toBe(3);
    expect(started).toEqual([...Array(30).keys()]);
  });

  it('keeps its calls in flight on a lone write conflict, halves them on conflicts close together, never below one', async () => {
    const p = new WritePipeline(8, 1);
    await runTasks(p, 30, 10);
    const before = p.allowed;
    expect(before).toBeGreaterThan(2);
    p.adapt(1);
    expect(p.allowed).toBe(before);
    p.adapt(2);
    expect(p.allowed).toBe(Math.floor(before / 2));
    for (let c = 3; c < 10; c++) p.adapt(c);
    expect(p.allowed).toBe(1);
  });

  it('after a failure starts nothing more, lets the tasks in flight finish, then throws the failure', async () => {
    const p = new WritePipeline(2, 1);
    await runTasks(p, 8, 10); // two in flight by now
    const finished: number[] = [];
    await p.start(async () => {
      await tick(1);
      throw new Error('boom');
    });
    await p.start(async () => {
      await tick(10);
      finished.push(2);
    });
    await expect(p.start(async () => void finished.push(3))).rejects.toThrow('boom');
    await expect(p.settle()).rejects.toThrow('boom');
    expect(finished).toEqual([2]);
  });
});
