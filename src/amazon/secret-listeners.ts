/**
 * Secrets the Feeds client comes by while it runs (LWA access tokens), announced to whoever must hide them, such as
 * the GitHub Actions step, which registers each as a log mask. A module-level registry, so the step can subscribe
 * without reaching into the code that builds the client; it reads no environment and holds no secret itself.
 */

/** Receives a secret value the moment it is obtained, before it is used or could be logged. */
export type SecretListener = (value: string) => void;

const listeners = new Set<SecretListener>();

/** Subscribes `listener` to every secret any Feeds client obtains from now on; returns the unsubscribe function. */
export function onClientSecret(listener: SecretListener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Hands a newly obtained secret to every subscriber. A subscriber that throws fails the call: better than unmasked. */
export function announceClientSecret(value: string): void {
  for (const listener of listeners) listener(value);
}
