export { promoteModelVersion, PromotionError, type PromotionResult } from './promote-model-version.ts';
