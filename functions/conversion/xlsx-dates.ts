/** How a number cell's format shows it: plainly, as a date (maybe with a time), a time of day only, or elapsed time (`[h]:mm`). */
export const NumberKind = { Plain: 0, Date: 1, Time: 2, Duration: 3 } as const;
export type NumberKind = (typeof NumberKind)[keyof typeof NumberKind];

/** Excel's built-in formats (ECMA-376 18.8.30) that show dates and times; 27–36 and 50–58 are East Asian dates. */
export function builtinKind(id: number): NumberKind {
  if (id === 46) return NumberKind.Duration; // [h]:mm:ss
  if ((id >= 18 && id <= 21) || id === 45 || id === 47) return NumberKind.Time; // h:mm AM/PM … mm:ss.0
  if ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58)) return NumberKind.Date;
  return NumberKind.Plain;
}

/**
 * A format code's kind, as openpyxl reads it: a date or time if, outside quoted text, escaped and
 * padding characters and `[…]` sections (colours, locales, conditions), it has d, m, y, h or s;
 * a time of day only without d, y, or an m that is a month (`mmm`, or no h or s beside it);
 * elapsed time with `[h]`, `[m]` or `[s]`.
 */
export function formatKind(code: string): NumberKind {
  const bare = code.replace(/"[^"]*"|\\.|_.|\*./gsu, '');
  if (/\[(?:h+|m+|s+)\]/iu.test(bare)) return NumberKind.Duration;
  const parts = bare.replace(/\[[^\]]*\]/gu, '').toLowerCase();
  if (!/[dmyhs]/u.test(parts)) return NumberKind.Plain;
  const hasDate = /[dy]|m{3}/u.test(parts) || (parts.includes('m') && !/[hs]/u.test(parts));
  return hasDate ? NumberKind.Date : NumberKind.Time;
}

const MS_PER_DAY = 86_400_000;

/**
 * A date serial as ISO 8601 without a time zone (Excel's dates have none): `2024-03-15`, with
 * `T12:30:00` when it has a time, milliseconds when there are any. Below 1 it is a time of day
 * only, `12:30:00` (as openpyxl and LibreOffice read it), in a time format or in the 1900 system,
 * where day 0 is no date. In the 1900 system serial 1 is 1900-01-01 and 60 is Excel's 1900-02-29,
 * a day that never was, given as Excel shows it. Undefined for serials Excel cannot show as dates
 * (negative, after 9999).
 */
export function dateText(serial: number, date1904: boolean, timeFormat = false): string | undefined {
  if (!(serial >= 0)) return undefined;
  const total = Math.round(serial * MS_PER_DAY);
  const day = Math.floor(total / MS_PER_DAY);
  const time = timeText(total - day * MS_PER_DAY);
  if (day === 0 && (timeFormat || !date1904)) return time;
  let date: string | undefined;
  if (date1904) date = isoDate(Date.UTC(1904, 0, 1) + day * MS_PER_DAY);
  else if (day === 60) date = '1900-02-29';
  else date = isoDate(Date.UTC(1899, 11, day < 60 ? 31 : 30) + day * MS_PER_DAY);
  if (date === undefined) return undefined;
  return total % MS_PER_DAY === 0 ? date : `${date}T${time}`;
}

/** Elapsed time as `[h]:mm:ss` shows it: `36:00:00`, `-01:30:00`. */
export function durationText(serial: number): string {
  const total = Math.round(serial * MS_PER_DAY);
  const text = timeText(Math.abs(total), true);
  return total < 0 ? `-${text}` : text;
}

/** The day of a time in ms, or undefined after 9999-12-31, the last day Excel shows. */
function isoDate(ms: number): string | undefined {
  const date = new Date(ms);
  return date.getUTCFullYear() <= 9999 ? date.toISOString().slice(0, 10) : undefined;
}

function timeText(ms: number, elapsed = false): string {
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  const millis = ms % 1000;
  const text = `${pad(elapsed ? hours : hours % 24)}:${pad(minutes)}:${pad(seconds)}`;
  return millis === 0 ? text : `${text}.${String(millis).padStart(3, '0')}`;
}

const pad = (value: number) => String(value).padStart(2, '0');
