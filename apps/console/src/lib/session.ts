import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { consoleEnv } from './env';

/** Who is signed in: the API key they signed in with (kept on the server's side of the cookie's encryption). */
export interface Session {
  key: string;
  keyId: string;
  name: string;
  role: 'ADMIN' | 'MERCHANDISER';
  /** Expiry, ms since the epoch. */
  expires: number;
}

export const SESSION_COOKIE = 'fewshot_session';

// The key never reaches the browser readable: the cookie is AES-256-GCM ciphertext (httpOnly, SameSite=Lax), so a
// script cannot read it and a person cannot alter it. The secret: FEWSHOT_CONSOLE_SECRET, else derived from the
// console's own admin key, else random for this process (sign-ins then end when the console restarts).
const secret = consoleEnv.sessionSecret
  ? createHash('sha256').update(`fewshot-console-session|${consoleEnv.sessionSecret}`).digest()
  : consoleEnv.apiKey
    ? createHash('sha256').update(`fewshot-console-session|${consoleEnv.apiKey}`).digest()
    : randomBytes(32);

export function sealSession(session: Session): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secret, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(session), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

export function openSession(sealed: string | undefined): Session | null {
  if (!sealed) return null;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', secret, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const session = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Session;
    return session.expires > Date.now() ? session : null;
  } catch {
    return null;
  }
}

/** The signed-in person, or null. */
export async function currentSession(): Promise<Session | null> {
  return openSession((await cookies()).get(SESSION_COOKIE)?.value);
}

export async function storeSession(session: Session): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, sealSession(session), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: false, // the console is served over plain HTTP on loopback by default; put TLS in front to expose it
    expires: new Date(session.expires),
  });
}

export async function clearSession(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
}
