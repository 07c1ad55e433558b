/**
 * The configuration for a CLI command that talks to the platforms, with a scrubber for its secrets. A mistake
 * throws ConfigError, which `runCli` prints as one line for every command.
 */
import type { Config } from '../config.js';
import type { CliIo } from './io.js';

export interface CliConfig {
  config: Config;
  /** Takes every configured secret out of a text meant for the terminal. */
  scrub: (text: string) => string;
}

export async function loadCliConfig(io: CliIo): Promise<CliConfig> {
  const { configSecrets, loadConfig } = await import('../config.js');
  const { secretScrubber } = await import('../logging.js');
  const config = loadConfig(io.env);
  return { config, scrub: secretScrubber(configSecrets(config)) };
}
