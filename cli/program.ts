import { Command } from '@commander-js/extra-typings';
import { createClient, type DfkClient } from '#client/index';
import packageJson from '../package.json' with { type: 'json' };
import { type ConnectionFlags, resolveConnection } from './settings.ts';

/** What every command gets: the client (made on first use), where to print, and how to set the exit code. */
export interface CommandContext {
  connect(flags: ConnectionFlags): Promise<DfkClient>;
  /** A line for people (progress, what was saved, errors): stderr, so stdout carries data only. */
  say(line: string): void;
  /** Data on stdout: JSON, tables. */
  print(text: string): void;
  exitWith(code: number): void;
}

export function rootCommand() {
  return new Command('dfk')
    .description(
      'The Tasks API from a shell: run extractions, convert files, manage tasks and webhooks.\n' +
        'Settings: --api-url/--api-key, else DFK_API_URL/DFK_API_KEY, else the local stack of `npm start`.',
    )
    .version(packageJson.version)
    .option('--api-url <url>', 'the API base URL, as `npm start` prints it (default: DFK_API_URL)')
    .option('--api-key <key>', 'the API key (default: DFK_API_KEY)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
}

export type Root = ReturnType<typeof rootCommand>;

export function commandContext(): CommandContext & { readonly code: number } {
  let code = 0;
  return {
    connect: async (flags) => createClient(await resolveConnection(flags)),
    say: (line) => process.stderr.write(`${line}\n`),
    print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    exitWith(value) {
      code = value;
    },
    get code() {
      return code;
    },
  };
}
