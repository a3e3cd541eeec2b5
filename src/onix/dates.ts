/** Date formats ONIX uses: `<Date>` in dateformat 00 (YYYYMMDD) and `SentDateTime` (YYYYMMDDTHHMMSSZ). */

/** `YYYY-MM-DD` (the title model) as ONIX dateformat 00, `YYYYMMDD`. */
export function onixDate(isoDate: string): string {
  return isoDate.slice(0, 4) + isoDate.slice(5, 7) + isoDate.slice(8, 10);
}

/** True when `value` is a real calendar date in dateformat 00 (`YYYYMMDD`), the format every `<Date>` here uses. */
export function isDateFormat00(value: string): boolean {
  if (!/^\d{8}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `YYYYMMDD` and `HHMMSS` of a moment in UTC, the pieces of SentDateTime and of file names. */
export function utcStamp(moment: Date): { date: string; time: string } {
  return {
    date: `${moment.getUTCFullYear()}${pad2(moment.getUTCMonth() + 1)}${pad2(moment.getUTCDate())}`,
    time: `${pad2(moment.getUTCHours())}${pad2(moment.getUTCMinutes())}${pad2(moment.getUTCSeconds())}`,
  };
}

/** ONIX SentDateTime in UTC: `YYYYMMDDTHHMMSSZ`. */
export function sentDateTime(moment: Date): string {
  const { date, time } = utcStamp(moment);
  return `${date}T${time}Z`;
}
