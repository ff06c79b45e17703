import { html } from 'htm/preact';
import type { FieldIssue } from './api.ts';

interface Line {
  text: string;
  /** The path of the value this line opens or holds, as the API names it (`scheme.fields.0.selector`). */
  path: string;
}

/** Pretty-printed JSON, one line per value, each with the path of that value. */
function linesOf(value: unknown, path: string[], indent: string, prefix: string, comma: string): Line[] {
  const here = path.join('.') || '(body)';
  const open = (bracket: string) => ({ text: `${indent}${prefix}${bracket}`, path: here });
  if (Array.isArray(value) && value.length > 0) {
    return [
      open('['),
      ...value.flatMap((item, i) =>
        linesOf(item, [...path, String(i)], `${indent}  `, '', i < value.length - 1 ? ',' : ''),
      ),
      { text: `${indent}]${comma}`, path: here },
    ];
  }
  if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    const entries = Object.entries(value);
    return [
      open('{'),
      ...entries.flatMap(([key, item], i) =>
        linesOf(
          item,
          [...path, key],
          `${indent}  `,
          `${JSON.stringify(key)}: `,
          i < entries.length - 1 ? ',' : '',
        ),
      ),
      { text: `${indent}}${comma}`, path: here },
    ];
  }
  return [{ text: `${indent}${prefix}${JSON.stringify(value)}${comma}`, path: here }];
}

/** The line an issue belongs on: the one of its path, else of its nearest ancestor that is there. */
function lineFor(lines: Line[], path: string): number {
  const parts = path.split('.');
  for (let n = parts.length; n > 0; n--) {
    const target = parts.slice(0, n).join('.');
    const index = lines.findIndex((line) => line.path === target);
    if (index >= 0) return index;
  }
  return 0;
}

/** The body as sent, with each of the API's `details` beside the line of the field it names. */
export function AnnotatedJson({ body, issues }: { body: unknown; issues: FieldIssue[] }) {
  const lines = linesOf(body, [], '', '', '');
  const notes = new Map<number, FieldIssue[]>();
  for (const issue of issues) {
    const at = lineFor(lines, issue.path);
    notes.set(at, [...(notes.get(at) ?? []), issue]);
  }
  return html`
    <div class="annotated" role="group" aria-label="The body with the API's findings beside each field">
      ${lines.map((line, i) => {
        const found = notes.get(i);
        return html`
          <div class=${found ? 'line flagged' : 'line'} data-path=${line.path}>
            <code>${line.text}</code>
            ${found?.map(
              (issue) =>
                html`<span class="issue" data-issue=${issue.path}><b>${issue.path}</b>: ${issue.reason}</span>`,
            )}
          </div>
        `;
      })}
    </div>
  `;
}
