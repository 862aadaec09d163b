import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readCsvRecords, type CsvRecord, type CsvSource } from "../../src/import/csv.js";

async function read(source: CsvSource): Promise<{ records: { record: string[]; line: number }[]; failure?: string }> {
  const records: { record: string[]; line: number }[] = [];
  try {
    for await (const r of readCsvRecords(source)) records.push({ record: r.record, line: r.line });
  } catch (error) {
    return { records, failure: (error as Error).message };
  }
  return { records };
}

const quote = (cell: string): string => `"${cell.replace(/"/g, '""')}"`;

// A cell: plain text, or text a CSV must quote (commas, quotes, CR, LF, non-ASCII to split inside a character).
const cellArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 .@-]{0,12}$/),
  fc.array(fc.constantFrom("a", "Z", " ", ",", '"', "\r", "\n", "é", "€", "😀"), { maxLength: 16 }).map((parts) => parts.join("")),
);
// A row: not one empty cell (that is a blank line), and no CR ending its last cell (a CR before the line feed ends the line).
const rowArb = fc.array(cellArb, { minLength: 1, maxLength: 6 }).filter((row) => !(row.length === 1 && row[0] === "") && !(row.at(-1) as string).endsWith("\r"));
// A file: rows, each followed by CRLF or LF, blank lines between some of them, perhaps a BOM, perhaps no line break at the end.
const fileArb = fc.record({
  rows: fc.array(fc.record({ row: rowArb, end: fc.constantFrom("\r\n", "\n"), blanks: fc.array(fc.constantFrom("\r\n", "\n"), { maxLength: 2 }), quoteAll: fc.boolean() }), { minLength: 1, maxLength: 12 }),
  bom: fc.boolean(),
  lastEnd: fc.boolean(),
});

describe("readCsvRecords (papaparse)", () => {
  it("reads each record and the line it starts on, however the bytes are cut into chunks", async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }), async (file, cuts) => {
        let text = file.bom ? "\uFEFF" : "";
        const expected: { record: string[]; line: number }[] = [];
        let line = 1;
        file.rows.forEach(({ row, end, blanks, quoteAll }, i) => {
          for (const blank of blanks) {
            text += blank;
            line++;
          }
          expected.push({ record: row, line });
          text += row.map((cell) => (quoteAll || /[",\r\n]/.test(cell) || cell === "" ? quote(cell) : cell)).join(",");
          line += row.join("").split("\n").length - 1;
          if (i < file.rows.length - 1 || file.lastEnd) {
            text += end;
            line++;
          }
        });
        // Whole, as a string.
        expect(await read(text)).toEqual({ records: expected });
        // As bytes cut anywhere (inside a CRLF, a doubled quote, a UTF-8 character).
        const bytes = Buffer.from(text, "utf8");
        const chunks: Uint8Array[] = [];
        let at = 0;
        for (let i = 0; at < bytes.length; i++) {
          const size = cuts[i % cuts.length] as number;
          chunks.push(new Uint8Array(bytes.subarray(at, at + size)));
          at += size;
        }
        expect(await read(chunks)).toEqual({ records: expected });
        // As an async stream of string chunks.
        async function* strings(): AsyncGenerator<string> {
          const chars = [...text];
          for (let i = 0; i < chars.length; i += 7) yield chars.slice(i, i + 7).join("");
        }
        expect(await read(strings())).toEqual({ records: expected });
      }),
      { numRuns: 300 },
    );
  });

  it("strips a byte-order mark, skips blank lines, and numbers rows after a multi-line cell as a text editor does", async () => {
    const text = '\uFEFFa,b\r\n\r\n1,"two\r\nlines"\r\n\n3,"x ""y"", z"\n4,5';
    expect(await read(text)).toEqual({
      records: [
        { record: ["a", "b"], line: 1 },
        { record: ["1", "two\r\nlines"], line: 3 },
        { record: ["3", 'x "y", z'], line: 6 },
        { record: ["4", "5"], line: 7 },
      ],
    });
  });

  it("reads the records before a quote that is never closed, then names the line the quote opens on", async () => {
    expect(await read('a,b\n1,2\n3,"multi\nline",x,"never\nclosed\n')).toEqual({ records: [{ record: ["a", "b"], line: 1 }, { record: ["1", "2"], line: 2 }], failure: "Quote Not Closed: the parsing is finished with an opening quote at line 4" });
    // However it is cut: a quote left open across chunks is found at the end only.
    const chunks = ['a,b\n1,2\n3,"open', ...Array.from({ length: 50 }, () => "x".repeat(1000)), "\n"];
    expect(await read(chunks)).toEqual({ records: [{ record: ["a", "b"], line: 1 }, { record: ["1", "2"], line: 2 }], failure: "Quote Not Closed: the parsing is finished with an opening quote at line 3" });
  });

  it("stops at a closing quote followed by something other than a comma or a line break", async () => {
    expect(await read('a,b\n1,2\n"3"x,4\n5,6\n')).toEqual({
      records: [
        { record: ["a", "b"], line: 1 },
        { record: ["1", "2"], line: 2 },
      ],
      failure: "Invalid Closing Quote: the record at line 3 has a quoted field followed by something other than a comma or a line break",
    });
  });

  it("keeps a quote inside an unquoted cell as written", async () => {
    expect((await read('a,b\n5" camera,x\n')).records.map((r) => r.record)).toEqual([["a", "b"], ['5" camera', "x"]]);
  });

  it("reports a source that fails, after the records read before", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield "a,b\n1,2\n";
      throw new Error("disk gone");
    }
    const got: CsvRecord[] = [];
    await expect(
      (async () => {
        for await (const r of readCsvRecords(failing())) got.push(r);
      })(),
    ).rejects.toThrow("disk gone");
    expect(got.map((r) => r.line)).toEqual([1, 2]);
  });
});
