import type { NextConfig } from 'next';

const config: NextConfig = {
  // The console reaches the api over GraphQL only; nothing from other workspaces is bundled.
  reactStrictMode: true,
  poweredByHeader: false,
  typedRoutes: false,
  experimental: {
    // An item's image goes through a server action to the api, which takes up to 25 MB (its own limit answers with a
    // clear message); Next's default of 1 MB would refuse it before the api could say why.
    serverActions: { bodySizeLimit: '26mb' },
  },
};

export default config;
