import { getManyValues, isMany, none } from 'stream-chain/defs.js';
import { jsonParser } from 'stream-json/parser.js';
import type { JsonToken } from './json-values.ts';

/** The end of the input, for `JsonTokenizer.feed`. */
export const END = none;

/** Why the text is not JSON, in the tokenizer's words (its prefix dropped). */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

/**
 * stream-json's tokenizer over text fed piece by piece (a token may span pieces), keys, strings and
 * numbers packed whole; a number keeps its text. Values follow one another (`jsonStreaming`).
 */
export class JsonTokenizer {
  private readonly tokenize = jsonParser({ packValues: true, streamValues: false, jsonStreaming: true });

  feed(text: string | typeof END, onToken: (token: JsonToken) => void): void {
    let tokens: unknown;
    try {
      tokens = this.tokenize(text as never);
    } catch (error) {
      const message = (error as Error).message;
      // "Parser has expected …" comes only at the end of the input.
      throw new JsonSyntaxError(
        message.startsWith('Parser has expected')
          ? 'the input ends before the JSON is closed'
          : message.replace(/^Parser cannot parse input: /, ''),
        { cause: error },
      );
    }
    if (isMany(tokens)) for (const token of getManyValues(tokens) as JsonToken[]) onToken(token);
    else if (tokens !== none) onToken(tokens as JsonToken);
  }
}
