export { OnnxSession, ort, parseProviders, supportedProviders, type Feeds, type OpenSessionOptions } from './open-session.ts';
export { InvalidFeedsError, validateFeeds, type InputSpec } from './validate-feeds.ts';
export { probeProviders, type ProviderProbe } from './probe-providers.ts';
