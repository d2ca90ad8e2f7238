import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";

export const MIN_PASSWORD_LENGTH = 8;

// A valid hash to verify against when the login is unknown, so that a wrong login costs the
// same time as a wrong password and does not reveal which logins exist.
let decoyHash: Promise<string> | undefined;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  decoyHash ??= hash("decoy password never used");
  const target = passwordHash ?? (await decoyHash);
  const matches = await verify(target, password).catch(() => false);
  return matches && passwordHash !== null;
}

/** A password for an account created without one, shown once to whoever created it. */
export function generatePassword(): string {
  return randomBytes(12).toString("base64url");
}
