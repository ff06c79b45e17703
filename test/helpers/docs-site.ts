import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Chapters after the table of contents: with it, the site has 22 pages in its next chain. */
export const chapters = 21;
/** Glossary terms the chapters link to; the last one is missing (404). */
export const terms = 5;
const missingTerm = terms;

/** The terms chapter `n` links to, in page order: 3 of the 5, shared with other chapters. */
export const termsOf = (chapter: number) => [0, 1, 2].map((j) => ((chapter + j) % terms) + 1);

/** The term a term's "see also" links to: another existing term. */
export const seeAlsoOf = (term: number) => (term % (terms - 1)) + 1;

export const termExists = (term: number) => term !== missingTerm;

const page = (body: string) =>
  `<!doctype html><html><head><title>docs</title></head><body>${body}</body></html>`;

/** A Sphinx-like sidebar: "previous" before "next", both matched by `.related a`. */
function related(chapter: number): string {
  const previous =
    chapter === 0 ? '' : `<a href="${chapter === 1 ? 'index' : `chapter-${chapter - 1}`}.html">previous</a>`;
  const next = chapter === chapters ? '' : `<a href="chapter-${chapter + 1}.html">next</a>`;
  return `<nav class="related"><a href="#">top</a>${previous}${next}</nav>`;
}

function chapterPage(chapter: number): string {
  const title = chapter === 0 ? 'Contents' : `Chapter ${chapter}`;
  const links =
    chapter === 0
      ? ''
      : `<ul class="terms">${termsOf(chapter)
          .map((term) => `<li><a href="../glossary/term-${term}.html">term ${term}</a></li>`)
          .join('')}</ul>`;
  return page(`${related(chapter)}<main><h1>${title}</h1>${links}</main>`);
}

function termPage(term: number): string {
  const see = seeAlsoOf(term);
  return page(
    `<main><h2>Term ${term}</h2><p class="definition">Definition ${term}</p>` +
      `<a class="see" href="term-${see}.html">see term ${see}</a></main>`,
  );
}

export interface DocsSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A documentation site on 127.0.0.1: /docs/index.html (the contents) and 21 chapters chained by a
 * sidebar whose "previous" link comes first; each chapter links to 3 of 5 shared glossary terms
 * (/glossary/term-5.html answers 404), each term to another term.
 */
export async function startDocsSite(): Promise<DocsSite> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://docs').pathname;
    requests.push(path);
    const chapter = /^\/docs\/(?:index|chapter-(\d+))\.html$/u.exec(path);
    const term = /^\/glossary\/term-(\d+)\.html$/u.exec(path);
    let body: string | null = null;
    if (chapter) body = Number(chapter[1] ?? 0) <= chapters ? chapterPage(Number(chapter[1] ?? 0)) : null;
    else if (term && termExists(Number(term[1])) && Number(term[1]) <= terms)
      body = termPage(Number(term[1]));
    response.statusCode = body === null ? 404 : 200;
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How many times each path was requested. */
export function hitsOf(site: DocsSite): Map<string, number> {
  const hits = new Map<string, number>();
  for (const request of site.requests) hits.set(request, (hits.get(request) ?? 0) + 1);
  return hits;
}
