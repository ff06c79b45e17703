/**
 * The chrome case: a bookshop whose pages are empty shells until their script runs. A listing renders
 * its 24 books and its "next" link from `/api/page-<n>.json`; a book page renders from
 * `/api/book-<n>.json`, then its reviews from a second call that the first one names, so only a wait
 * for the network to go quiet sees them. Each page also loads a stylesheet with a web font and the
 * covers as images (what `blockResources` leaves out), and the script and stylesheet, cached as a
 * shop's static files are.
 */
import type { SiteShape } from './site.ts';

export const jsShape: SiteShape = { listings: 12, perListing: 24 };
export const jsStartPath = '/shop/page-1.html';

const nav = Array.from(
  { length: 30 },
  (_, index) => `<li><a href="/shop/category-${index + 1}.html">Category ${index + 1}</a></li>`,
).join('');

const shell = (title: string, kind: 'listing' | 'book') => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${title} | Books to Render</title>
<link rel="stylesheet" href="/static/shop.css"><script src="/static/shop.js" defer></script></head>
<body data-kind="${kind}"><header><a href="/shop/page-1.html">Books to Render</a></header>
<aside><ul class="nav">${nav}</ul></aside><main id="app"><p class="loading">Loading…</p></main>
<footer>Fixture site for the chrome benchmark.</footer></body></html>`;

// One script for both kinds of page, as a shop's bundle is; the rendered markup is the HTTP bookshop's.
const script = `(() => {
  const app = document.getElementById('app');
  const number = (pattern) => Number(pattern.exec(location.pathname)[1]);
  const json = (path) => fetch(path).then((answer) => answer.json());
  const text = (tag, className, value) => {
    const element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = value;
    return element;
  };
  async function listing() {
    const page = await json('/api/page-' + number(/page-(\\d+)/) + '.json');
    const list = document.createElement('ol');
    for (const book of page.books) {
      const article = document.createElement('article');
      article.className = 'product_pod';
      article.innerHTML = '<div class="image_container"><a><img class="thumbnail"></a></div><h3><a></a></h3>';
      const [cover, title] = article.querySelectorAll('a');
      cover.href = title.href = 'book-' + book.id + '.html';
      title.textContent = title.title = book.title;
      const image = article.querySelector('img');
      image.src = '/media/cover-' + book.id + '.jpg';
      image.alt = book.title;
      article.append(text('p', 'price_color', book.price));
      const item = document.createElement('li');
      item.append(article);
      list.append(item);
    }
    app.replaceChildren(text('h1', '', 'All products, page ' + page.page), list);
    if (page.next) {
      const next = text('li', 'next', '');
      next.innerHTML = '<a href="' + page.next + '">next</a>';
      const pager = document.createElement('ul');
      pager.className = 'pager';
      pager.append(next);
      app.append(pager);
    }
  }
  async function book() {
    const book = await json('/api/book-' + number(/book-(\\d+)/) + '.json');
    const main = document.createElement('div');
    main.className = 'product_main';
    main.append(text('h1', '', book.title), text('p', 'price_color', book.price));
    main.append(text('p', 'instock availability', '\\n    In stock (' + book.stock + ' available)\\n'));
    const gallery = document.createElement('img');
    gallery.src = '/media/cover-' + book.id + '-large.jpg';
    const description = document.createElement('div');
    description.id = 'description';
    description.append(text('p', '', book.description));
    app.replaceChildren(gallery, main, description);
    const reviews = await json(book.reviews);
    const section = document.createElement('section');
    section.className = 'reviews';
    section.append(text('span', 'count', reviews.length + ' reviews'));
    for (const review of reviews) section.append(text('blockquote', 'review', review));
    app.append(section);
  }
  (document.body.dataset.kind === 'listing' ? listing : book)();
})();`;

const css = `@font-face { font-family: Shop; src: url(/static/shop.woff2) format('woff2'); }
body { font-family: Shop, serif; margin: 0 auto; max-width: 1100px; }
aside { float: left; width: 200px; } main { margin-left: 220px; }
article.product_pod { display: inline-block; width: 180px; height: 320px; vertical-align: top; }
.thumbnail { width: 120px; height: 180px; } .price_color { color: #0a0; }
`;

const price = (book: number) => `£${(10 + (book % 5000) / 100).toFixed(2)}`;

/** Every path of the site with its body: the page shells, their JSON, the static files and the images. */
export function jsPages(shape: SiteShape = jsShape): Map<string, string | Buffer> {
  const pages = new Map<string, string | Buffer>([
    ['/static/shop.js', script],
    ['/static/shop.css', css],
    // Stand-ins of a font's and a JPEG's weight: the browser is never to load them.
    ['/static/shop.woff2', Buffer.alloc(24_000, 1)],
  ]);
  for (let page = 1; page <= shape.listings; page++) {
    const ids = Array.from(
      { length: shape.perListing },
      (_, index) => (page - 1) * shape.perListing + index + 1,
    );
    pages.set(`/shop/page-${page}.html`, shell(`All products, page ${page}`, 'listing'));
    pages.set(
      `/api/page-${page}.json`,
      JSON.stringify({
        page,
        next: page < shape.listings ? `page-${page + 1}.html` : null,
        books: ids.map((id) => ({ id, title: `Book number ${id}`, price: price(id) })),
      }),
    );
    for (const id of ids) {
      pages.set(`/shop/book-${id}.html`, shell(`Book number ${id}`, 'book'));
      pages.set(
        `/api/book-${id}.json`,
        JSON.stringify({
          id,
          title: `Book number ${id}`,
          price: price(id),
          stock: id % 23,
          description:
            `It is a book about ${id} things, told with care, in many chapters and with many turns. `.repeat(
              6,
            ),
          reviews: `/api/reviews-${id}.json`,
        }),
      );
      pages.set(
        `/api/reviews-${id}.json`,
        JSON.stringify(Array.from({ length: id % 4 }, (_, index) => `Review ${index + 1} of book ${id}.`)),
      );
      pages.set(`/media/cover-${id}.jpg`, Buffer.alloc(8_000, 2));
      pages.set(`/media/cover-${id}-large.jpg`, Buffer.alloc(40_000, 3));
    }
  }
  return pages;
}
