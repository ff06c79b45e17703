import { type Page, TimeoutError } from 'puppeteer-core';
import { FetchError } from '#extraction/fetch-error';
import type { BrowserAction } from './actions.ts';
import { idleTimeMs, settle } from './settle.ts';

export interface ActionBounds {
  /** The most one action may take (a `scroll` or `paginate` in all its repeats). */
  actionTimeoutMs: number;
  /** Epoch ms: the page's budget ends here, whatever the action's own bound. */
  deadline: number;
  signal: AbortSignal;
}

/** Runs the actions in order on the loaded page; one that cannot be done fails the page, saying which. */
export async function runActions(
  page: Page,
  url: string,
  actions: readonly BrowserAction[],
  bounds: ActionBounds,
): Promise<void> {
  for (const [index, action] of actions.entries()) {
    const timeoutMs = Math.max(0, Math.min(bounds.actionTimeoutMs, bounds.deadline - Date.now()));
    const until = Date.now() + timeoutMs;
    try {
      await runAction(page, action, { timeoutMs, until, signal: bounds.signal });
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      const seconds = Math.round(timeoutMs / 100) / 10;
      const what = describe(action);
      throw new FetchError(
        'timeout',
        url,
        `Action ${index + 1} (${action.type}) on ${url}: ${what} within ${seconds} s`,
        { cause: error },
      );
    }
  }
}

interface Bound {
  timeoutMs: number;
  until: number;
  signal: AbortSignal;
}

// The project's TypeScript has no DOM library: what runs in the page is given as text.
const pageHeight = 'document.scrollingElement?.scrollHeight ?? 0';

const left = (until: number) => Math.max(0, until - Date.now());

async function runAction(page: Page, action: BrowserAction, { timeoutMs, until, signal }: Bound) {
  switch (action.type) {
    case 'input':
      await page.locator(action.selector).setTimeout(timeoutMs).fill(action.text, { signal });
      return;
    case 'click':
      await page.locator(action.selector).setTimeout(timeoutMs).click({ signal });
      await settle(page, idleTimeMs.action, left(until), signal);
      return;
    case 'waitFor':
      await page.waitForSelector(action.selector, { timeout: timeoutMs, signal });
      return;
    case 'scroll':
      for (let done = 0; done < action.times && left(until) > 0; done++) {
        const before = Number(await page.evaluate(pageHeight));
        await page.evaluate(`window.scrollTo(0, ${pageHeight})`);
        await settle(page, idleTimeMs.action, left(until), signal);
        const after = Number(await page.evaluate(pageHeight));
        if (after <= before) return;
      }
      return;
    case 'clickMore':
      for (let done = 0; done < action.times && left(until) > 0; done++) {
        const button = await page.$(action.selector);
        if (button === null || !(await button.isVisible())) return;
        await button.click();
        await button.dispose();
        await settle(page, idleTimeMs.action, left(until), signal);
      }
      return;
  }
}

function describe(action: BrowserAction): string {
  switch (action.type) {
    case 'input':
      return `no field to fill matched ${action.selector}`;
    case 'click':
      return `nothing to click matched ${action.selector}`;
    case 'waitFor':
      return `nothing matched ${action.selector}`;
    default:
      return 'it did not finish';
  }
}
