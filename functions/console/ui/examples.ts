// The contract's example bodies (shared/API.md), for the create editor to start from.

export const EXAMPLES: readonly { id: string; label: string; body: unknown }[] = [
  {
    id: 'books',
    label: 'Extraction: the books catalogue (fields, details, paginator)',
    body: {
      type: 'extraction',
      scheme: {
        name: 'books',
        request: { url: 'https://books.toscrape.com/catalogue/page-1.html', type: 'base' },
        commonParent: 'article.product_pod',
        fields: [
          {
            name: 'Title',
            selector: 'h3 a',
            type: 2,
            attrs: ['text', 'href'],
            filters: [{ name: 'trim' }],
            details: { fields: [{ name: 'Stock', selector: '.availability', type: 1, attrs: ['text'] }] },
          },
          {
            name: 'Price',
            selector: '.price_color',
            type: 1,
            attrs: ['text'],
            filters: [{ name: 'regex', param: '[0-9]+\\.[0-9]+' }],
          },
          { name: 'Cover', selector: 'img', type: 0, attrs: ['src', 'alt'] },
        ],
        paginator: { nextPageSelector: 'li.next a', pageNum: 5 },
        path: false,
        format: 'csv',
      },
      run: true,
    },
  },
  {
    id: 'chrome',
    label: 'Extraction in a browser (chrome request, actions)',
    body: {
      type: 'extraction',
      scheme: {
        name: 'quotes',
        request: {
          url: 'https://quotes.toscrape.com/js/',
          type: 'chrome',
          waitDelay: 1,
          actions: [{ waitFor: { waitForSelector: '.quote' } }],
        },
        commonParent: '.quote',
        fields: [
          { name: 'Text', selector: '.text', type: 1, attrs: ['text'] },
          { name: 'Author', selector: '.author', type: 1, attrs: ['text'] },
        ],
        format: 'json',
      },
      run: true,
    },
  },
  {
    id: 'convert-url',
    label: 'Conversion of a file at a URL (csv → excel)',
    body: {
      type: 'conversion',
      scheme: {
        source: { url: 'https://example.com/data.csv' },
        from: 'csv',
        to: 'excel',
        options: { delimiter: ',', header: true, sheet: 'Sheet1' },
      },
      run: true,
    },
  },
];
