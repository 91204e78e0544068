/**
 * Wraps a value (a time, a number, a name) in Unicode first-strong isolates (U+2068 … U+2069), the
 * plain-text twin of <bdi>: inside right-to-left text "05:32 AM" or "Room A" keeps its own order
 * and its AM/PM marker, and does not reorder the words around it.
 */
export function isolate(value: string): string {
  return `\u2068${value}\u2069`;
}
