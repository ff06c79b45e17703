// The API key lives in this tab's sessionStorage only: never in a URL, a cookie or the page.
const NAME = 'dfk-console-key';

export const storedKey = (): string | null => sessionStorage.getItem(NAME);
export const storeKey = (key: string): void => sessionStorage.setItem(NAME, key);
export const forgetKey = (): void => sessionStorage.removeItem(NAME);
