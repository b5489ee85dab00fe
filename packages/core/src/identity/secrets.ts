import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** A random secret for a cookie or an API token, URL-safe. */
export const newSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

/** Secrets are stored only as their SHA-256: they are long and random, so no salt or stretching is needed. */
export const secretHash = (secret: string) => createHash('sha256').update(secret).digest();

/** Passwords are people's: argon2id. */
export const hashPassword = (password: string) => hash(password);
export const verifyPassword = (passwordHash: string, password: string) =>
  verify(passwordHash, password).catch(() => false);
