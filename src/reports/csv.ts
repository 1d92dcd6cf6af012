import type { Report } from './report.js';

/**
 * Excel opens this directly with Greek regional settings: UTF-8 with a BOM (else Greek turns
 * into mojibake), `;` between fields (the list separator of Greek and most European locales,
 * where `,` is the decimal comma), CRLF line ends, RFC 4180 quoting. A few lines of our own:
 * the table is fixed and small, a CSV library would add a dependency for one function.
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';
export const CSV_HEADERS = ['Κέντρο', 'Μήνας', 'Ενότητα', 'Δείκτης', 'Κωδικός', 'Τιμή'] as const;

export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  // A cell starting with = + - @ is a formula to Excel: keep it text.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n,]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One or more reports (one per centre with --centre all) as one CSV file. */
export function toCsv(reports: readonly Report[]): string {
  const lines = [CSV_HEADERS.map(csvField).join(CSV_SEPARATOR)];
  for (const r of reports) {
    for (const row of r.rows) lines.push([r.centre, r.month, row.sectionLabel, row.label, row.key, row.value].map(csvField).join(CSV_SEPARATOR));
  }
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** A file name for the download: kentro-<centre>-<month>.csv */
export function csvFileName(centre: string, month: string): string {
  return `kentro-${centre.replace(/[^a-z0-9-]/g, '')}-${month}.csv`;
}
