import type { NextConfig } from 'next';

const config: NextConfig = {
  // The console reaches the api over GraphQL only; nothing from other workspaces is bundled.
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
};

export default config;
