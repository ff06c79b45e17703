import { InvalidArgumentError, Option } from '@commander-js/extra-typings';
import type { ConversionOptions, DfkClient, Format } from '#client/index';
import { EXIT, UsageError } from '../failure.ts';
import { cancelOnInterrupt } from '../interrupt.ts';
import { convertedName, formatBytes, isSamePath, placeOf, save } from '../output.ts';
import type { CommandContext, Root } from '../program.ts';
import { progressOn } from '../progress.ts';
import { FORMATS } from './formats.ts';
import { PROGRESS_WAIT_SECONDS } from './run.ts';

/** `--sheet 2` is the second sheet, `--sheet Orders` the sheet named so (as the API's number or string). */
const sheetOf = (value: string): string | number => (/^[1-9]\d*$/.test(value) ? Number(value) : value);

const oneCharacter = (value: string) => {
  if ([...value].length !== 1) throw new InvalidArgumentError('one character');
  return value;
};

interface ConvertOptions extends Omit<ConversionOptions, 'sheet'> {
  to: Format;
  from?: Format;
  output?: string;
  sheet?: string | number;
}

export function convertCommand(root: Root, context: CommandContext) {
  root
    .command('convert')
    .description('Convert a local file between csv, json, jsonl, excel and xml: upload, run, wait, download')
    .argument('<file>', 'the file to convert')
    .addOption(new Option('-t, --to <format>', 'the output format').choices(FORMATS).makeOptionMandatory())
    .addOption(
      new Option('--from <format>', 'the input format (default: from the file name or its bytes)').choices(
        FORMATS,
      ),
    )
    .option(
      '-o, --output <file>',
      'where to save the result, - for stdout (default: <file name>.<format> here)',
    )
    .option('--sheet <sheet>', 'excel input: the sheet, by name or position from 1', sheetOf)
    .option('--delimiter <char>', 'csv input: the field separator (default: detected)', oneCharacter)
    .option('--quote <char>', 'csv input: the quote character', oneCharacter)
    .option('--no-header', 'csv or excel input: the first row is data, not column names')
    .option('--strict', 'csv input: a row with more or fewer fields than the header is an error')
    .option('--encoding <label>', "the input's charset (default: UTF-8, or its BOM)")
    .option('--root-element <name>', 'xml input: the element whose children are the records')
    .option('--record-element <name>', "xml input: the records' element name, at any depth")
    .option('--infer-types', 'csv, excel or xml input: numbers, booleans and null from text')
    .option('--no-flatten', 'nested values as JSON in one cell instead of a_b columns')
    .addHelpText(
      'after',
      '\nCtrl-C cancels the conversion (exit code 130); a cancelled conversion leaves no file.',
    )
    .action(async (file, options, command) => {
      // --no-header and --no-flatten default to true: sent only when given, like the others.
      const given = (name: OptionName) => command.getOptionValueSource(name) === 'cli';
      const client = await context.connect(command.optsWithGlobals());
      context.exitWith(await convert(client, file, options, conversionOptions(options, given), context));
    });
}

const CONVERSION_OPTIONS = [
  'sheet',
  'delimiter',
  'quote',
  'header',
  'strict',
  'encoding',
  'rootElement',
  'recordElement',
  'inferTypes',
  'flatten',
] as const satisfies readonly (keyof ConversionOptions)[];

type OptionName = (typeof CONVERSION_OPTIONS)[number];

/** Only the options given on the command line: the API refuses an option that does not apply to the input. */
function conversionOptions(options: ConvertOptions, given: (name: OptionName) => boolean): ConversionOptions {
  const chosen: ConversionOptions = {};
  for (const name of CONVERSION_OPTIONS) if (given(name)) Object.assign(chosen, { [name]: options[name] });
  return chosen;
}

async function convert(
  client: DfkClient,
  file: string,
  options: ConvertOptions,
  conversion: ConversionOptions,
  context: CommandContext,
) {
  const output = options.output ?? convertedName(file, options.to);
  if (output !== '-' && isSamePath(output, file))
    throw new UsageError(`The result would overwrite ${file}: name another file with -o`);
  const progress = progressOn(process.stderr);
  const interrupt = cancelOnInterrupt(client.cancel, progress.note);
  try {
    const stream = await client
      .convertFile(file, {
        to: options.to,
        ...(options.from && { from: options.from }),
        ...conversion,
        waitSeconds: PROGRESS_WAIT_SECONDS,
        onProgress(task) {
          interrupt.track(task.id);
          progress.update(task);
        },
      })
      .finally(() => progress.done());
    const bytes = await save(stream, output);
    context.say(`Saved ${formatBytes(bytes)} to ${placeOf(output)}`);
    return EXIT.completed;
  } finally {
    interrupt.dispose();
  }
}
