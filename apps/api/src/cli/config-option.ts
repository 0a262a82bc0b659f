import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_MML_CONFIG, mmlConfig, validateMmlConfig, type DeepPartial, type MmlConfig } from '@fewshot/model/mml';
import { DEFAULT_SASREC_CONFIG } from '@fewshot/model/sasrec';

/** What --config may contain: every MML setting, and every SASRec setting but the per-learner ones. */
const { learner: _learner, ...SASREC_SETTINGS } = DEFAULT_SASREC_CONFIG;
const REFERENCE = { ...DEFAULT_MML_CONFIG, sasrec: { ...SASREC_SETTINGS, ...DEFAULT_MML_CONFIG.sasrec } };
/** Settings that take one of a few words. */
const CHOICES: Record<string, readonly string[]> = {
  'config.sasrec.loss': ['bpr', 'ce'],
  'config.sasrec.inputOrder': ['dropout-then-norm', 'norm-then-dropout'],
  'config.meta.windows.anchor': ['start', 'anywhere'],
  'config.fusion.samples': ['last', 'early'],
};

/**
 * `--config` for MML commands: inline JSON or a JSON file, holding overrides of the defaults
 * (e.g. '{"meta":{"outerSteps":200},"pretrain":{"epochs":30}}'). Unknown keys and wrong types are refused by
 * name, so a typo never silently trains with the default.
 */
export function parseMmlConfigOption(value: string | undefined): DeepPartial<MmlConfig> {
  if (!value) return {};
  const text = value.trim().startsWith('{') ? value : existsSync(value) ? readFileSync(value, 'utf8') : undefined;
  if (text === undefined) throw new Error(`--config: ${value} is neither JSON nor a file`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  checkShape(parsed, REFERENCE, 'config');
  validateMmlConfig(mmlConfig(parsed as DeepPartial<MmlConfig>));
  return parsed as DeepPartial<MmlConfig>;
}

function checkShape(value: unknown, reference: unknown, at: string): void {
  if (typeof reference === 'object' && reference !== null) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`--config: ${at} must be an object`);
    for (const [key, child] of Object.entries(value)) {
      if (!(key in reference)) throw new Error(`--config: unknown key ${at}.${key} (known: ${Object.keys(reference).join(', ')})`);
      checkShape(child, (reference as Record<string, unknown>)[key], `${at}.${key}`);
    }
    return;
  }
  if (typeof value !== typeof reference) throw new Error(`--config: ${at} must be a ${typeof reference}, got ${JSON.stringify(value)}`);
  const choices = CHOICES[at];
  if (choices && !choices.includes(value as string)) throw new Error(`--config: ${at} must be one of ${choices.join(', ')}, got ${JSON.stringify(value)}`);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`--config: ${at} must be a finite number`);
}
