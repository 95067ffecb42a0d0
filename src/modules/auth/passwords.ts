import { hash, verify } from '@node-rs/argon2';
import { randomSecret } from './secrets.js';

/** argon2id with the library's defaults (OWASP's minimum: 19 MiB, 2 passes). */
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Spent on unknown accounts so that a wrong email takes as long as a wrong password. */
let decoyHash: Promise<string> | undefined;
export async function spendVerification(password: string): Promise<void> {
  decoyHash ??= hashPassword(randomSecret());
  await verifyPassword(await decoyHash, password);
}

export function generatePassword(): string {
  return randomSecret(18);
}
