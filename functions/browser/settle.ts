import { type Page, TimeoutError } from 'puppeteer-core';

/** Quiet time that counts as the network being idle after a load or an action. */
export const idleTimeMs = { load: 500, action: 300 };

/**
 * Waits until no request has been in flight for `idleMs` and the document has loaded, at most
 * `timeoutMs`: a page that never goes quiet (polling, a stream) is taken as it is then.
 */
export async function settle(
  page: Page,
  idleMs: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  await ignoringTimeout(
    page.waitForNetworkIdle({ idleTime: idleMs, concurrency: 0, timeout: timeoutMs, signal }),
  );
  const left = deadline - Date.now();
  // A click that navigated leaves the next document loading.
  if (left > 0 && !(await isComplete(page))) {
    await ignoringTimeout(
      // Given as text: the project's TypeScript has no DOM library.
      page.waitForFunction("document.readyState === 'complete'", { timeout: left, signal }),
    );
  }
}

/**
 * One evaluation in the page's own world, where waitForFunction would first set up a world of its own
 * in each new document (9 ms a page in bench:chrome); a document being replaced answers false.
 */
async function isComplete(page: Page): Promise<boolean> {
  try {
    return (await page.evaluate("document.readyState === 'complete'")) === true;
  } catch {
    return false;
  }
}

async function ignoringTimeout(wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
  }
}
