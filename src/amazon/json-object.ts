/**
 * Reading a JSON object out of a body that may be anything: an HTML error page from a proxy, an empty body, a form.
 */

/** The JSON object `text` holds, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
