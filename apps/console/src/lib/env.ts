/** The console's configuration, read on the server only. */
export const consoleEnv = {
  /** The api's GraphQL endpoint, reached from the console's server (never from the browser). */
  apiUrl: process.env.FEWSHOT_API_URL ?? 'http://127.0.0.1:4000/graphql',
  /**
   * The console's own API key (an admin key; `npm start` makes one). Used only to offer "sign in with this machine's
   * admin key" when FEWSHOT_CONSOLE_LOCAL_ADMIN is on, and to derive the session secret when none is set.
   */
  apiKey: process.env.FEWSHOT_API_KEY?.trim() || undefined,
  /** Encrypts the session cookie (which holds the signed-in person's API key, unreadable to the browser). */
  sessionSecret: process.env.FEWSHOT_CONSOLE_SECRET?.trim() || undefined,
  /** `on`: the sign-in page offers the console's own admin key (npm start sets it: the console listens on loopback). */
  localAdmin: process.env.FEWSHOT_CONSOLE_LOCAL_ADMIN === 'on',
  /** Hours a sign-in lasts. */
  sessionHours: Number(process.env.FEWSHOT_CONSOLE_SESSION_HOURS ?? 12) || 12,
};
