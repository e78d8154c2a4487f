/**
 * Where a body stops short of what its headers announce: `short=`, `cut=` and `stall=` (see the
 * switch list in serve-file.ts). respond.ts's sendBody() carries out the cut and the stall.
 */
import type { FileOptions } from './options.ts';
import { seedForName } from './bytes.ts';
import { takeFault, type NameState } from './name-store.ts';

/** A well-mixed 32-bit value of (a, b): cut offsets that look random but are reproducible. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whether short= takes bytes off this body of `length` bytes (a HEAD has none to take). */
export function takeShort(o: FileOptions, s: NameState, length: number, isHead: boolean): boolean {
  return o.short !== undefined && o.short > 0 && length > 0 && !isHead && takeFault(s, 'shorts', o.shorts);
}

/**
 * The body offsets at which this response is cut or stalls, if either; a body that ends before
 * the point is sent whole and uses up none of K. A cut wins over a stall.
 */
export function planCutOrStall(
  o: FileOptions,
  s: NameState,
  name: string,
  bodyLength: number,
): { cutAt: number | undefined; stallAt: number | undefined } {
  let cutAt: number | undefined;
  if (o.cut !== undefined) {
    const at = o.cutMax === undefined ? o.cut : o.cut + (mix(seedForName(name), s.used.cuts) % (o.cutMax - o.cut + 1));
    if (at < bodyLength && takeFault(s, 'cuts', o.cuts)) cutAt = at;
  }
  const stallAt =
    cutAt === undefined && o.stall !== undefined && o.stall < bodyLength && takeFault(s, 'stalls', o.stalls)
      ? o.stall
      : undefined;
  return { cutAt, stallAt };
}
