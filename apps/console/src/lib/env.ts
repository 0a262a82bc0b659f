/** The console's configuration, read on the server only. */
export const consoleEnv = {
  /** The api's GraphQL endpoint, reached from the console's server (never from the browser). */
  apiUrl: process.env.FEWSHOT_API_URL ?? 'http://127.0.0.1:4000/graphql',
  /** The console's API key (an admin key; `npm start` makes one), sent from the console's server only, never to browsers. */
  apiKey: process.env.FEWSHOT_API_KEY?.trim() || undefined,
};
