import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { selectorError } from '#extraction/selector';
import { browserActions, browserActionsSchema } from '../../../functions/browser/actions.ts';
import { chromeRequestShape } from '../../../functions/browser/request-fields.ts';

// Under `request` as scheme.ts will have it, so the paths are the ones a 400 names.
const request = z.strictObject({ url: z.string(), ...chromeRequestShape });
const issues = (actions: unknown) => {
  const result = request.safeParse({ url: 'https://example.com/', actions });
  return result.success
    ? []
    : result.error.issues.map((issue) => ({
        path: ['request', ...issue.path].join('.'),
        message: issue.message,
      }));
};

describe('browser actions', () => {
  it('reads every spelling into one form, in order', () => {
    expect(
      browserActions([
        { input: { inputSelector: '#q', inputText: 'books' } },
        { click: { clickSelector: 'button.more' } },
        { waitFor: { waitForSelector: '.result' } },
        { scroll: { paginate: '10' } },
        { scroll: { paginate: 3 } },
        { click: { element: 'a.next' } },
        { paginate: { maxpage: 4, element: 'button.load' } },
        { paginate: { maxpage: ' 2 ', element: 'button.load' } },
      ]),
    ).toEqual([
      { type: 'input', selector: '#q', text: 'books' },
      { type: 'click', selector: 'button.more' },
      { type: 'waitFor', selector: '.result' },
      { type: 'scroll', times: 10 },
      { type: 'scroll', times: 3 },
      { type: 'click', selector: 'a.next' },
      { type: 'clickMore', selector: 'button.load', times: 4 },
      { type: 'clickMore', selector: 'button.load', times: 2 },
    ]);
  });

  it('reads actions given as a JSON string, and keeps them as their array', () => {
    const given = '[{"click": {"element": "a.more"}}, {"scroll": {"paginate": "2"}}]';
    expect(browserActions(given)).toEqual([
      { type: 'click', selector: 'a.more' },
      { type: 'scroll', times: 2 },
    ]);
    expect(browserActionsSchema.parse(given)).toEqual([
      { click: { element: 'a.more' } },
      { scroll: { paginate: '2' } },
    ]);
    expect(browserActions(undefined)).toEqual([]);
  });

  it('names the field of each invalid action', () => {
    expect(
      issues([
        { click: { clickSelector: 'a' } },
        { hover: { selector: 'a' } },
        { click: { clickSelector: 'div[' } },
        { click: { clickSelector: 'li:eq(2) a' } },
        {},
        { click: { element: 'a' }, scroll: { paginate: 1 } },
        { click: {} },
        { scroll: { paginate: 'ten' } },
        { paginate: { maxpage: 1001, element: 'a' } },
        { input: { inputSelector: '#q' } },
        { waitFor: { waitForSelector: 'a[title=":first"]', timeout: 5 } },
      ]),
    ).toEqual([
      { path: 'request.actions.1', message: 'Unrecognized key: "hover"' },
      { path: 'request.actions.2.click.clickSelector', message: selectorError('div[') },
      {
        path: 'request.actions.3.click.clickSelector',
        message: ':eq is not CSS: actions run in the browser, which does not know it',
      },
      {
        path: 'request.actions.4',
        message: 'An action names one of input, click, waitFor, scroll, paginate',
      },
      { path: 'request.actions.5', message: 'An action has a single key, not click and scroll' },
      { path: 'request.actions.6.click', message: 'Give either clickSelector or element (its older name)' },
      {
        path: 'request.actions.7.scroll.paginate',
        message: 'A whole number of times from 0 to 1000, as a number or a string',
      },
      {
        path: 'request.actions.8.paginate.maxpage',
        message: 'A whole number of times from 0 to 1000, as a number or a string',
      },
      {
        path: 'request.actions.9.input.inputText',
        message: 'Invalid input: expected string, received undefined',
      },
      { path: 'request.actions.10.waitFor', message: 'Unrecognized key: "timeout"' },
    ]);
  });

  it('refuses more than 50 actions, and what is not a list of them', () => {
    expect(issues(Array.from({ length: 51 }, () => ({ click: { element: 'a' } })))).toEqual([
      { path: 'request.actions', message: 'At most 50 actions' },
    ]);
    expect(issues(Array.from({ length: 50 }, () => ({ click: { element: 'a' } })))).toEqual([]);
    expect(issues('[{"click": ')).toEqual([
      { path: 'request.actions', message: 'Actions are an array of actions, or a JSON string of one' },
    ]);
    expect(issues('[{"click": {"element": "a:contains(x)"}}]')).toEqual([
      {
        path: 'request.actions.0.click.element',
        message: ':contains is not CSS: actions run in the browser, which does not know it',
      },
    ]);
  });

  it('takes the chrome request fields with their values only', () => {
    const parsed = request.safeParse({
      url: 'https://example.com/',
      blockResources: ['image', 'document'],
      waitUntil: 'networkidle0',
    });
    expect(parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual([
      'blockResources.1',
      'waitUntil',
    ]);
  });
});
