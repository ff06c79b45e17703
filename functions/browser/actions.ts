import * as z from 'zod';
import { selectorError } from '#extraction/selector';

// Dataflow Kit's chrome `actions`, validated and normalised. No browser here: create imports this
// file for the scheme's validation (the runner is run-actions.ts).

export const maxActions = 50;
/** The most times a `scroll` or `paginate` repeats (the page's time budget bounds it too). */
export const maxRepeats = 1000;

/** One step, in the form the runner takes, whatever spelling the scheme used. */
export type BrowserAction =
  | { type: 'input'; selector: string; text: string }
  | { type: 'click'; selector: string }
  | { type: 'waitFor'; selector: string }
  /** Scroll to the bottom up to `times` times, stopping when the page stops growing. */
  | { type: 'scroll'; times: number }
  /** Click `selector` up to `times` times, stopping when it is gone. */
  | { type: 'clickMore'; selector: string; times: number };

// cheerio's extensions compile under css-select but the browser's querySelector refuses them.
const cheerioOnly =
  /(?<!:):(first|last|eq|nth|gt|lt|even|odd|contains|icontains|header|button|input|text|checkbox|file|password|radio|reset|submit|image|parent|selected)(?![\w-])/u;
// Quoted strings and attribute brackets may hold anything, a colon included.
const quotedOrBracketed = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[^\]]*\]/gu;

/** Why the browser cannot run a selector, or null: cheerio's check, then its pseudos the browser lacks. */
export function actionSelectorError(selector: string): string | null {
  const reason = selectorError(selector);
  if (reason !== null) return reason;
  const extension = cheerioOnly.exec(selector.replace(quotedOrBracketed, ''))?.[1];
  return extension === undefined
    ? null
    : `:${extension} is not CSS: actions run in the browser, which does not know it`;
}

const selector = z.string().superRefine((value, ctx) => {
  const reason = actionSelectorError(value);
  if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
});

const timesMessage = `A whole number of times from 0 to ${maxRepeats}, as a number or a string`;
const times = z.union([z.number(), z.string()], { error: timesMessage }).superRefine((value, ctx) => {
  const count = typeof value === 'number' ? value : /^\s*\d+\s*$/u.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(count) || count < 0 || count > maxRepeats) {
    ctx.addIssue({ code: 'custom', message: timesMessage });
  }
});

const actionShape = {
  input: z.strictObject({ inputSelector: selector, inputText: z.string().max(10_000) }),
  click: z
    .strictObject({ clickSelector: selector.optional(), element: selector.optional() })
    .superRefine((value, ctx) => {
      if ((value.clickSelector === undefined) === (value.element === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'Give either clickSelector or element (its older name)' });
      }
    }),
  waitFor: z.strictObject({ waitForSelector: selector }),
  scroll: z.strictObject({ paginate: times }),
  paginate: z.strictObject({ maxpage: times, element: selector }),
};
const actionNames = Object.keys(actionShape);

const noIssues = (payload: { issues: readonly unknown[] }) => payload.issues.length === 0;
const action = z
  .strictObject({
    input: actionShape.input.optional(),
    click: actionShape.click.optional(),
    waitFor: actionShape.waitFor.optional(),
    scroll: actionShape.scroll.optional(),
    paginate: actionShape.paginate.optional(),
  })
  .refine((value) => Object.keys(value).length === 1, {
    when: noIssues,
    error: (issue) => {
      const given = Object.keys(issue.input as object);
      return given.length === 0
        ? `An action names one of ${actionNames.join(', ')}`
        : `An action has a single key, not ${given.join(' and ')}`;
    },
  });

export type BrowserActionInput = z.infer<typeof action>;

/**
 * `request.actions`: an array of actions, or a JSON string of one (the open-source spelling, read as
 * its array). Issues have the action's path: `2.click.clickSelector`.
 */
export const browserActionsSchema = z.preprocess(
  (value) => (typeof value === 'string' ? parsedJson(value) : value),
  z
    .array(action, { error: 'Actions are an array of actions, or a JSON string of one' })
    .max(maxActions, { error: `At most ${maxActions} actions` }),
);

/** The validated actions in the runner's form, in order. */
export function normalizeActions(actions: readonly BrowserActionInput[]): BrowserAction[] {
  return actions.map((step): BrowserAction => {
    if (step.input) return { type: 'input', selector: step.input.inputSelector, text: step.input.inputText };
    if (step.click) return { type: 'click', selector: (step.click.clickSelector ?? step.click.element)! };
    if (step.waitFor) return { type: 'waitFor', selector: step.waitFor.waitForSelector };
    if (step.scroll) return { type: 'scroll', times: Number(step.scroll.paginate) };
    if (step.paginate) {
      return { type: 'clickMore', selector: step.paginate.element, times: Number(step.paginate.maxpage) };
    }
    throw new Error('An action that passed validation names no action');
  });
}

/** Parses and normalises `request.actions` (a scheme's, already valid: throws a ZodError otherwise). */
export const browserActions = (value: unknown): BrowserAction[] =>
  normalizeActions(browserActionsSchema.parse(value ?? []));

function parsedJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
