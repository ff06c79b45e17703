import { Option } from '@commander-js/extra-typings';

export const FORMATS = ['csv', 'json', 'jsonl', 'excel', 'xml'] as const;

/** `--format`: one of the five. */
export const formatOption = (description: string) =>
  new Option('-f, --format <format>', description).choices(FORMATS);
