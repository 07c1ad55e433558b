/** The configuration for a CLI command, or the one-line reason it is wrong written to stderr. */
import type { Config } from '../config.js';
import type { CliIo } from './io.js';

export interface CliConfig {
  config: Config;
  /** Takes every configured secret out of a text meant for the terminal. */
  scrub: (text: string) => string;
}

export async function loadCliConfig(io: CliIo): Promise<CliConfig | undefined> {
  const { ConfigError, configSecrets, loadConfig } = await import('../config.js');
  const { secretScrubber } = await import('../logging.js');
  try {
    const config = loadConfig(io.env);
    return { config, scrub: secretScrubber(configSecrets(config)) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err(`ipbot: ${e.message}`);
    return undefined;
  }
}
