import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { StoreOptions } from '#client/index';

/** The export flags as commander parses them. */
export interface ExportFlags {
  fields?: string;
  omit?: string;
  flatten?: boolean;
  bom?: true;
  delimiter?: string;
  xmlRoot?: string;
  xmlRow?: string;
  arrayJoin?: string;
}

/** A shell's spelling of a tab (`'\t'` reaches us as the two characters). */
const delimiterOf = (value: string) => (value === '\\t' || value.toLowerCase() === 'tab' ? '\t' : value);

/** `store`'s export options as flags, on `store` and `run` (for its download). */
export function addExportOptions<
  Args extends unknown[],
  Opts extends OptionValues,
  Globals extends OptionValues,
>(command: Command<Args, Opts, Globals>) {
  return command
    .addOption(new Option('--fields <names>', 'these fields (columns), in this order: a,b'))
    .addOption(new Option('--omit <names>', 'every field but these: a,b'))
    .addOption(new Option('--no-flatten', 'csv and excel: nested values as JSON text in one cell'))
    .addOption(new Option('--bom', 'csv: start with a UTF-8 byte order mark'))
    .addOption(
      new Option('--delimiter <char>', 'csv: the field separator (\\t or tab for a tab)').argParser(
        delimiterOf,
      ),
    )
    .addOption(new Option('--xml-root <name>', 'xml: the document element (default records)'))
    .addOption(new Option('--xml-row <name>', 'xml: each record’s element (default record)'))
    .addOption(new Option('--array-join <text>', 'csv and excel: what joins an array’s values (default ;)'));
}

/** The options to send: only those given (`--no-flatten` as flatten=false). */
export function exportOptionsOf(flags: ExportFlags): StoreOptions {
  return {
    ...(flags.fields !== undefined && { fields: flags.fields }),
    ...(flags.omit !== undefined && { omit: flags.omit }),
    ...(flags.flatten === false && { flatten: false }),
    ...(flags.bom && { bom: true }),
    ...(flags.delimiter !== undefined && { delimiter: flags.delimiter }),
    ...(flags.xmlRoot !== undefined && { xmlRoot: flags.xmlRoot }),
    ...(flags.xmlRow !== undefined && { xmlRow: flags.xmlRow }),
    ...(flags.arrayJoin !== undefined && { arrayJoin: flags.arrayJoin }),
  };
}
