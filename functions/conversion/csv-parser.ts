import { MalformedInputError } from './errors.ts';

export interface CsvDialect {
  /** One character between fields. */
  delimiter: string;
  /** One character around fields that hold delimiters, quotes or line breaks; doubled inside. */
  quote: string;
  /** What ends a row: LF (a CR before it dropped) or, in classic Mac files, CR alone. */
  lineBreak: '\n' | '\r';
}

const CR = 13;

/**
 * The line break of a file, from its first one (ignoring quotes): CR alone (Excel's "CSV
 * (Macintosh)"), else LF or CR LF; undefined while the text ends at a CR that could precede a LF.
 */
export function lineBreakOf(text: string, final: boolean): CsvDialect['lineBreak'] | undefined {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 && !final ? undefined : '\n';
  if (cr + 1 < text.length) return text.charCodeAt(cr + 1) === 10 ? '\n' : '\r';
  return final ? '\r' : undefined;
}

/**
 * One parsed row and the line of the input it starts on (1-based); for a row without quotes also
 * its raw text (its fields are that text split at the delimiter).
 */
export type RowHandler = (fields: string[], line: number, raw?: string) => void;

/**
 * An incremental RFC 4180 parser over decoded text, fed chunk by chunk.
 *
 * Written here rather than taken from a library (measured in bench/README.md): udsv is fast but
 * reports nothing about malformed input and loses line numbers; csv-parse reports them but runs
 * at a third of the speed. This one splits rows without quotes with `String.split` (the common
 * case, close to memchr speed) and walks only rows that have a quote, keeping the line number of
 * every row and failing on an unterminated quote or text after a closing quote.
 */
export class CsvParser {
  private readonly delimiter: string;
  private readonly quote: string;
  private readonly lineBreak: string;
  /** Whether a CR before the line break is dropped (LF files, CR LF included). */
  private readonly crlf: boolean;
  private readonly onRow: RowHandler;
  private pending = '';
  /** Line of the first character of `pending`. */
  private line: number;

  constructor(dialect: CsvDialect, onRow: RowHandler, firstLine = 1) {
    this.delimiter = dialect.delimiter;
    this.quote = dialect.quote;
    this.lineBreak = dialect.lineBreak;
    this.crlf = dialect.lineBreak === '\n';
    this.onRow = onRow;
    this.line = firstLine;
  }

  /** Parses every complete row of `pending + text`; an incomplete last row waits for more. */
  push(text: string): void {
    this.pending = this.parse(this.pending === '' ? text : this.pending + text, false);
  }

  /** Parses what is left: a last row without a line break, or the unterminated quote error. */
  end(): void {
    if (this.pending !== '') this.pending = this.parse(this.pending, true);
  }

  private parse(text: string, final: boolean): string {
    const { delimiter, quote, lineBreak, crlf } = this;
    const length = text.length;
    let pos = 0;
    // The next quote at or after `pos`; searched again only once passed, so a file without
    // quotes costs one search per chunk.
    let nextQuote = text.indexOf(quote, pos);
    while (pos < length) {
      let newline = text.indexOf(lineBreak, pos);
      if (newline === -1) {
        if (!final) break;
        newline = length;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf(quote, pos);
      if (nextQuote === -1 || nextQuote > newline) {
        const end = crlf && newline > pos && text.charCodeAt(newline - 1) === CR ? newline - 1 : newline;
        const raw = text.slice(pos, end);
        this.onRow(raw.split(delimiter), this.line, raw);
        this.line++;
        pos = newline + 1;
        continue;
      }
      const consumed = this.quotedRow(text, pos, final);
      if (consumed === -1) break;
      pos = consumed;
    }
    return pos >= length ? '' : text.slice(pos);
  }

  /**
   * Parses one row that has a quote, starting at `start`; returns where the next row starts, or
   * -1 when the row goes on past the text (more input will come).
   */
  private quotedRow(text: string, start: number, final: boolean): number {
    const { delimiter, quote, crlf } = this;
    const breakCode = this.lineBreak.charCodeAt(0);
    const length = text.length;
    const fields: string[] = [];
    const startLine = this.line;
    let lines = 0;
    let pos = start;
    for (;;) {
      if (text.startsWith(quote, pos)) {
        const opened = startLine + lines;
        let value = '';
        let from = pos + 1;
        for (;;) {
          const close = text.indexOf(quote, from);
          if (close === -1) {
            if (!final) return -1;
            throw new MalformedInputError(`Unterminated quoted field (opened on line ${opened})`, {
              line: opened,
            });
          }
          value += text.slice(from, close);
          if (close + 1 < length && text.startsWith(quote, close + 1)) {
            value += quote;
            from = close + 2;
            continue;
          }
          if (close + 1 >= length && !final) return -1;
          lines += countLineBreaks(text, this.lineBreak, pos, close);
          pos = close + 1;
          break;
        }
        fields.push(value);
        const next = text.charCodeAt(pos);
        if (pos >= length) {
          this.emit(fields, startLine, lines);
          return pos;
        }
        if (text.startsWith(delimiter, pos)) {
          pos += delimiter.length;
          continue;
        }
        if (next === breakCode) {
          this.emit(fields, startLine, lines);
          return pos + 1;
        }
        if (crlf && next === CR) {
          // CR LF; a CR that ends the input ends its last row.
          if (pos + 1 >= length && !final) return -1;
          if (pos + 1 >= length || text.charCodeAt(pos + 1) === 10) {
            this.emit(fields, startLine, lines);
            return Math.min(pos + 2, length);
          }
        }
        throw new MalformedInputError(
          `Unexpected ${JSON.stringify(text[pos])} after a closing quote on line ${startLine + lines}`,
          { line: startLine + lines },
        );
      }
      // An unquoted field: up to the next delimiter or line break; a quote inside it is kept as text.
      let end = pos;
      for (; end < length; end++) {
        const code = text.charCodeAt(end);
        if (code === breakCode || text.startsWith(delimiter, end)) break;
      }
      if (end >= length && !final) return -1;
      const value = text.slice(pos, end);
      if (end >= length || text.charCodeAt(end) === breakCode) {
        fields.push(crlf && value.endsWith('\r') ? value.slice(0, -1) : value);
        this.emit(fields, startLine, lines);
        return Math.min(end + 1, length);
      }
      fields.push(value);
      pos = end + delimiter.length;
    }
  }

  private emit(fields: string[], line: number, innerLines: number): void {
    this.onRow(fields, line);
    this.line = line + innerLines + 1;
  }
}

function countLineBreaks(text: string, lineBreak: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf(lineBreak, from); at !== -1 && at < to; at = text.indexOf(lineBreak, at + 1))
    count++;
  return count;
}
