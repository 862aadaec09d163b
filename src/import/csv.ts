import { StringDecoder } from "node:string_decoder";
import Papa from "papaparse";

/** CSV text: a string, bytes, or chunks of either (a file stream, a fetch body as an async iterable). */
export type CsvSource = string | Uint8Array | Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** One CSV record and the line of the file where it starts (the header is line 1). */
export interface CsvRecord {
  readonly record: string[];
  readonly line: number;
}

/** The CSV could not be read on (a quote never closed, a read error of the source). */
export class UnreadableInput extends Error {
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** What papaparse's parser returns for one call. */
interface PapaResult {
  readonly data: string[][];
  readonly errors: readonly { readonly code: string; readonly row: number }[];
  readonly meta: { readonly cursor: number };
}

/** Line feeds in a string. */
function feeds(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * CSV records with the line each starts on, read with papaparse's parser (quoted fields with
 * commas, quotes and line breaks, a BOM, CRLF or LF or both, blank lines skipped). Records come
 * in source order as soon as the chunk that ends them has arrived.
 *
 * papaparse replaced csv-parse here because, reading the import bench's generated file (400,000
 * rows, 106 MiB) with nothing else, csv-parse took 4.8–5.3 s CPU and papaparse's parser 1.1–1.4 s:
 * csv-parse alone left too little of the 50,000 rows/s target for the import itself.
 *
 * The parser is fed decoded text and told to keep the last, possibly unfinished record
 * (`ignoreLastRow`), which is parsed again with the next chunk. Line breaks are "\n": a CR
 * before it ends the last cell of a CRLF line and is dropped, so a file may mix CRLF and LF (a
 * CRLF inside quotes stays in the cell, as written). A row's line is counted from the line feeds
 * of the rows before it, those inside quoted cells included, so a multi-line note makes the next
 * row's number jump as in a text editor.
 *
 * @throws {@link UnreadableInput} when a quote is never closed, a closing quote is followed by
 * something other than a comma or a line break, or the source fails; the records before are read
 */
export async function* readCsvRecords(source: CsvSource): AsyncGenerator<CsvRecord> {
  for await (const batch of readCsvBatches(source)) yield* batch;
}

/**
 * {@link readCsvRecords} a chunk at a time: the records each chunk of the source ends, in one
 * array (one promise per chunk rather than per record: the import bench showed the per-record
 * async steps among its garbage).
 *
 * @throws {@link UnreadableInput} as {@link readCsvRecords} does, after the batch of records before the failure
 */
export async function* readCsvBatches(source: CsvSource): AsyncGenerator<CsvRecord[]> {
  const parser = new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"', escapeChar: '"', header: false, skipEmptyLines: false, comments: false });
  const decoder = new StringDecoder("utf8");
  /** Text not yet read into records: it starts at the start of a record. */
  let pending = "";
  /** The line of pending's first character. */
  let line = 1;
  /** How long the unfinished record left after the last parse was. */
  let tail = 0;
  let first = true;

  /** Parses pending text; `final` when no more text follows. Returns the records it ends, and why it could read no further. */
  const parse = (final: boolean): { records: CsvRecord[]; failure?: UnreadableInput } => {
    const result = parser.parse(pending, 0, !final) as PapaResult;
    const rows = result.data;
    // An error in the kept, unfinished record may only be the chunk's end: it is judged again with more text.
    let broken = -1;
    let code = "";
    for (const error of result.errors) {
      if ((final || error.row < rows.length) && (broken < 0 || error.row < broken)) {
        broken = error.row;
        code = error.code;
      }
    }
    const out: CsvRecord[] = [];
    const count = broken < 0 ? rows.length : broken;
    for (let i = 0; i < count; i++) {
      const row = rows[i] as string[];
      const at = line;
      let n = 1;
      for (let c = 0; c < row.length; c++) {
        const cell = row[c] as string;
        if (cell.length > 0 && cell.indexOf("\n") >= 0) n += feeds(cell);
      }
      line += n;
      const last = row.length - 1;
      const end = row[last] as string;
      if (end.length > 0 && end.charCodeAt(end.length - 1) === 13) row[last] = end.slice(0, -1);
      // A blank line is no record.
      if (last === 0 && row[0] === "") continue;
      out.push({ record: row, line: at });
    }
    if (broken >= 0) {
      const row = rows[broken] as string[];
      if (code === "MissingQuotes") {
        // The unclosed field is the row's last: its quote opens after the line feeds of the cells before it.
        let opened = line;
        for (let c = 0; c < row.length - 1; c++) opened += feeds(row[c] as string);
        return { records: out, failure: new UnreadableInput(`Quote Not Closed: the parsing is finished with an opening quote at line ${opened}`) };
      }
      return { records: out, failure: new UnreadableInput(`Invalid Closing Quote: the record at line ${line} has a quoted field followed by something other than a comma or a line break`) };
    }
    const consumed = final ? pending.length : result.meta.cursor;
    pending = consumed === pending.length ? "" : pending.slice(consumed);
    tail = pending.length;
    return { records: out };
  };

  const chunks = typeof source === "string" || source instanceof Uint8Array ? [source] : source;
  try {
    for await (const chunk of chunks as AsyncIterable<string | Uint8Array>) {
      let text = typeof chunk === "string" ? chunk : decoder.write(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      if (first && text !== "") {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      pending += text;
      // A record longer than a chunk (a quote left open) is parsed again only once the text has doubled: linear, not quadratic.
      if (pending.length - tail < tail) continue;
      const { records, failure } = parse(false);
      if (records.length > 0) yield records;
      if (failure !== undefined) throw failure;
    }
  } catch (error) {
    if (error instanceof UnreadableInput) throw error;
    throw new UnreadableInput(error);
  }
  pending += decoder.end();
  const { records, failure } = parse(true);
  if (records.length > 0) yield records;
  if (failure !== undefined) throw failure;
}
