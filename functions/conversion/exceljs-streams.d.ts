// exceljs's streaming writer and reader, each by its own module: the package's entry also loads the
// in-memory workbook with its xlsx (jszip, pako) and csv (fast-csv, dayjs) support, about 270 kB of
// every bundle with an Excel format that we never call. Typed by the package's own declarations.
declare module 'exceljs/lib/stream/xlsx/workbook-writer.js' {
  import type { stream } from 'exceljs';

  const WorkbookWriter: typeof stream.xlsx.WorkbookWriter;
  export default WorkbookWriter;
}

declare module 'exceljs/lib/stream/xlsx/workbook-reader.js' {
  import type { stream } from 'exceljs';

  const WorkbookReader: typeof stream.xlsx.WorkbookReader;
  export default WorkbookReader;
}
