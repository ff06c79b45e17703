import { Command } from '@commander-js/extra-typings';
import { describe, expect, it } from 'vitest';
import { storeQuery } from '#client/calls';
import { addExportOptions, exportOptionsOf } from '../../../cli/commands/export-options.ts';

const flagsOf = (...args: string[]) => {
  const command = addExportOptions(new Command('store').exitOverride());
  command.parse(args, { from: 'user' });
  return command.opts();
};

describe('the export flags', () => {
  it('send only the options given, as store takes them', () => {
    // Act
    const given = exportOptionsOf(
      flagsOf(
        '--fields',
        'b,a',
        '--omit',
        'c',
        '--no-flatten',
        '--bom',
        '--delimiter',
        '\\t',
        '--xml-root',
        'r',
        '--xml-row',
        'w',
        '--array-join',
        '|',
      ),
    );
    const none = exportOptionsOf(flagsOf());

    // Assess
    expect(storeQuery(given)).toEqual({
      fields: 'b,a',
      omit: 'c',
      flatten: 'false',
      bom: 'true',
      delimiter: '\t',
      xmlRoot: 'r',
      xmlRow: 'w',
      arrayJoin: '|',
    });
    expect(none).toEqual({});
  });
});

describe('storeQuery', () => {
  it('joins lists with commas and writes booleans as true or false', () => {
    // Act
    const query = storeQuery({ format: 'csv', fields: ['a', 'b'], omit: 'c,d', flatten: true, bom: '1' });

    // Assess
    expect(query).toEqual({ format: 'csv', fields: 'a,b', omit: 'c,d', flatten: 'true', bom: '1' });
  });
});
