/**
 * The `rmr-billing` command.
 *
 * @module
 */
import { createReadStream, readFileSync, statSync, writeFileSync } from "node:fs";
import { runCli } from "./main.js";

void runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  errRaw: (text) => process.stderr.write(text),
  errIsTty: process.stderr.isTTY === true,
  readFile: (path) => readFileSync(path, "utf8"),
  openFile: (path) => createReadStream(path),
  fileSize: (path) => {
    try {
      return statSync(path).size;
    } catch {
      return undefined;
    }
  },
  writeFile: (path, text) => writeFileSync(path, text),
  today: () => new Date().toISOString().slice(0, 10),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
