/**
 * Why the size a server gives is not the one the list gave for the file (a Metalink's <size>),
 * or null when they agree or either is unknown. Another size is another file: nothing is staged.
 */
export function sizeProblem(job: { size: number | null; expectedSize?: number }): string | null {
  const { size, expectedSize } = job;
  if (expectedSize === undefined || size === null || size === expectedSize) return null;
  const bytes = (n: number): string => n.toLocaleString('en-US');
  return `The server's file is ${bytes(size)} bytes; the list gave ${bytes(expectedSize)} bytes for it`;
}
