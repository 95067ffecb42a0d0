import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random secret, URL-safe, with `bytes` of entropy. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * Secrets are stored only as digests: a stolen database yields no usable session or token. (The
 * one-shot `hash` is a third of a Hash object's cost, and every authenticated request pays it.)
 */
export function digest(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Compares two secrets in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const left = hash('sha256', a, 'buffer');
  const right = hash('sha256', b, 'buffer');
  return timingSafeEqual(left, right);
}
