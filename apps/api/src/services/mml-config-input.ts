import { DEFAULT_MML_CONFIG, mmlConfig, validateMmlConfig, type DeepPartial, type MmlConfig } from '@fewshot/model/mml';
import { DEFAULT_SASREC_CONFIG } from '@fewshot/model/sasrec';

/** What an MML settings override may contain: every MML setting, and every SASRec setting but the per-learner ones. */
const { learner: _learner, ...SASREC_SETTINGS } = DEFAULT_SASREC_CONFIG;
const REFERENCE = { ...DEFAULT_MML_CONFIG, sasrec: { ...SASREC_SETTINGS, ...DEFAULT_MML_CONFIG.sasrec } };
/** Settings that take one of a few words. */
const CHOICES: Record<string, readonly string[]> = {
  'config.sasrec.loss': ['bpr', 'ce'],
  'config.sasrec.inputOrder': ['dropout-then-norm', 'norm-then-dropout'],
  'config.pretrain.windowAnchor': ['end', 'start'],
  'config.meta.windows.anchor': ['start', 'anywhere'],
  'config.fusion.samples': ['last', 'early'],
  'config.fusion.selection': ['validated', 'trained'],
  'config.fusion.coldItems': ['generator', 'fused'],
  'config.featureTable': ['trainable', 'frozen'],
};

/**
 * Overrides of the MML defaults (e.g. {"meta":{"outerSteps":200}}) from the CLI's --config or the API's
 * startTraining: unknown keys and wrong types are refused by name (`prefix` starts each message), so a typo never
 * silently trains with the default.
 */
export function checkMmlConfigOverrides(parsed: unknown, prefix: string): DeepPartial<MmlConfig> {
  checkShape(parsed, REFERENCE, 'config', prefix);
  try {
    validateMmlConfig(mmlConfig(parsed as DeepPartial<MmlConfig>));
  } catch (error) {
    throw new Error(`${prefix}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parsed as DeepPartial<MmlConfig>;
}

function checkShape(value: unknown, reference: unknown, at: string, prefix: string): void {
  if (typeof reference === 'object' && reference !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${prefix}: ${at} must be an object`);
    for (const [key, child] of Object.entries(value)) {
      if (!(key in reference)) throw new Error(`${prefix}: unknown key ${at}.${key} (known: ${Object.keys(reference).join(', ')})`);
      checkShape(child, (reference as Record<string, unknown>)[key], `${at}.${key}`, prefix);
    }
    return;
  }
  if (typeof value !== typeof reference) throw new Error(`${prefix}: ${at} must be a ${typeof reference}, got ${JSON.stringify(value)}`);
  const choices = CHOICES[at];
  if (choices && !choices.includes(value as string)) throw new Error(`${prefix}: ${at} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`${prefix}: ${at} must be a finite number`);
}
