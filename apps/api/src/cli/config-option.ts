import { existsSync, readFileSync } from 'node:fs';
import type { DeepPartial, MmlConfig } from '@fewshot/model/mml';
import { checkMmlConfigOverrides } from '../services/mml-config-input.ts';

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
  return checkMmlConfigOverrides(parsed, '--config');
}
