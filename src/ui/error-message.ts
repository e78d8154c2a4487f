/** Words for a caught error: its message (its name when it has none), or the thrown value itself. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
