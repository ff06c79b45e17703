import Table from 'cli-table3';

// No borders: columns aligned as `docker ps` or `apify runs ls` print them, easy to grep and cut.
const PLAIN = {
  chars: {
    top: '',
    'top-mid': '',
    'top-left': '',
    'top-right': '',
    bottom: '',
    'bottom-mid': '',
    'bottom-left': '',
    'bottom-right': '',
    left: '',
    'left-mid': '',
    mid: '',
    'mid-mid': '',
    right: '',
    'right-mid': '',
    middle: '  ',
  },
  style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
};

/** The rows under their headings, aligned in columns. */
export function table(head: string[], rows: (string | number)[][]): string {
  const output = new Table({ head, ...PLAIN });
  output.push(...rows.map((row) => row.map(String)));
  // cli-table3 pads the last column too: trailing spaces are noise in a terminal and in a diff.
  return output.toString().replace(/ +$/gm, '');
}
