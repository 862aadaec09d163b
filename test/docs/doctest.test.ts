/**
 * Docs never drift: every ```ts block of README.md and docs/*.md runs here, and every
 * `expression; // → expected` line is checked — as date-fns and Rust's doctests do.
 *
 * Conventions (also in docs/contributing.md):
 * - A ```ts block runs as its own ES module. It imports from "rmr-billing" (and its subpaths) as a
 *   user would; the names of test/docs/prelude.ts (`contract`, `tax`, `draft`, `invoice`, …) are
 *   at hand without a definition.
 * - `expr; // → value` checks that `expr` deeply equals `value`, a JavaScript literal (`"56.83"`,
 *   `3`, `["a", "b"]`, `{ minor: 1 }`); a remark in parentheses may follow the value. `const x = expr;
 *   // → value` checks `x`. `expr; // → throws Name: message` checks that it throws an error of
 *   that name whose message starts so (the message part is optional); comment lines right after it
 *   continue the message, which must then match whole.
 * - A block that cannot run (a shell-like sketch, or one needing a server) is fenced ```ts norun,
 *   with the reason in the text around it. Blocks in other languages (sh, json) are not run.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const work = fileURLToPath(new URL("./.run/", import.meta.url));
const files = ["README.md", ...readdirSync(`${root}docs`).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

interface Block {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function blocksOf(file: string): Block[] {
  const lines = readFileSync(`${root}${file}`, "utf8").split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```ts(\s+norun)?\s*$/.exec(lines[i] as string);
    if (fence === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !(lines[end] as string).startsWith("```")) end++;
    if (fence[1] === undefined) out.push({ file, line: start + 1, code: lines.slice(start, end).join("\n") });
    i = end;
  }
  return out;
}

const LIBRARY: Record<string, string> = {
  "rmr-billing": "src/index.ts",
  "rmr-billing/memory": "src/adapters/memory/index.ts",
  "rmr-billing/postgres": "src/adapters/postgres/index.ts",
  "rmr-billing/testing": "src/testing/index.ts",
  "rmr-billing/smtp": "src/adapters/smtp/index.ts",
  "rmr-billing/sms-http": "src/adapters/sms-http/index.ts",
};

const PRELUDE = ["contract", "contractJson", "rules", "rulesJson", "taxRulesJson", "tax", "draft", "invoice", "contracts", "readContracts", "save", "issued"];
const library = { ...(await import("../../src/index.js")), ...(await import("../../src/adapters/memory/index.js")) } as Record<string, unknown>;

/**
 * The block as a module: library imports pointed at the source, `// →` lines turned into checks.
 * What the block uses of the library without importing it is at hand too, as in a page that
 * imported it further up.
 */
function compile(block: Block): string {
  const imports: string[] = [];
  const body: string[] = [];
  const lines = block.code.split("\n");
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i] as string;
    // Gather a multi-line import into one.
    if (/^import\s/.test(line)) {
      while (!/from\s+["'][^"']+["'];?\s*$/.test(line) && i + 1 < lines.length) line += ` ${(lines[++i] as string).trim()}`;
      imports.push(line.replace(/from\s+["']([^"']+)["']/, (whole, spec: string) => (LIBRARY[spec] === undefined ? whole : `from ${JSON.stringify(`${root}${LIBRARY[spec]}`)}`)));
      continue;
    }
    const arrow = /^(\s*)(.*?);?\s*\/\/ → (.*)$/.exec(line);
    if (arrow === null) {
      body.push(line);
      continue;
    }
    const [, indent, tail, first] = arrow as unknown as [string, string, string, string];
    // A statement over several lines: take back the lines it began on.
    let code = tail;
    // `// → value` on a line of its own speaks of the statement just before it.
    if (code.trim() === "" && body.length > 0) code = (body.pop() as string).trim().replace(/;$/, "");
    while (body.length > 0 && !/[;{}]\s*$|^\s*$|\/\//.test(body[body.length - 1] as string)) code = `${(body.pop() as string).trim()} ${code}`;
    const at = `${block.file}:${block.line + i}`;
    let expected = first;
    // An error's message may go on over the comment lines that follow: then it must match whole.
    if (/^throws\s/.test(first)) {
      while (i + 1 < lines.length && /^\s*\/\/ (?!→)/.test(lines[i + 1] as string)) expected += `\n${(lines[++i] as string).replace(/^\s*\/\/ /, "")}`;
    }
    const declared = /^(const|let)\s+([A-Za-z_$][\w$]*)\s*=\s*(.*)$/.exec(code);
    if (declared !== null) {
      body.push(`${indent}${declared[1]} ${declared[2]} = ${declared[3]};`, `${indent}await __check(() => ${declared[2]}, ${JSON.stringify(expected)}, ${JSON.stringify(at)});`);
    } else {
      body.push(`${indent}await __check(async () => (${code}), ${JSON.stringify(expected)}, ${JSON.stringify(at)});`);
    }
  }
  const imported = new Set(imports.flatMap((line) => [...(/\{([^}]*)\}/.exec(line)?.[1] ?? "").split(",")].map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/).pop() ?? "").filter((n) => n !== "")));
  const fromLibrary = Object.keys(library).filter((name) => !imported.has(name) && !PRELUDE.includes(name));
  const prelude = fileURLToPath(new URL("./prelude.ts", import.meta.url));
  const checker = fileURLToPath(new URL("./check.ts", import.meta.url));
  return [
    ...imports,
    `import { __check } from ${JSON.stringify(checker)};`,
    `import * as __prelude from ${JSON.stringify(prelude)};`,
    `import * as __library from ${JSON.stringify(`${root}src/index.ts`)};`,
    `import * as __memory from ${JSON.stringify(`${root}src/adapters/memory/index.ts`)};`,
    `const { ${fromLibrary.join(", ")} } = { ...__library, ...__memory } as Record<string, any>;`,
    // The prelude's names in an outer scope, so a block may define its own under the same name.
    `const { ${PRELUDE.join(", ")} } = __prelude;`,
    "{",
    ...body,
    "}",
  ].join("\n");
}

const blocks = files.flatMap(blocksOf);
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

describe("documentation examples run, and say what they return", () => {
  it("finds the examples", () => {
    expect(blocks.length).toBeGreaterThan(10);
  });
  it("fails a line whose documented result is wrong, and an error that is not the one documented", async () => {
    const wrong = `${work}self-test-wrong.ts`;
    writeFileSync(wrong, compile({ file: "(self-test)", line: 1, code: "[1, 2].length; // → 3" }));
    await expect(import(/* @vite-ignore */ wrong)).rejects.toThrow(/expected 2 to deeply equal 3/);
    const error = `${work}self-test-error.ts`;
    writeFileSync(error, compile({ file: "(self-test)", line: 1, code: 'money("1.005", "USD"); // → throws ValidationError: nothing like this' }));
    await expect(import(/* @vite-ignore */ error)).rejects.toThrow(/should start with "nothing like this"/);
  });
  for (const [n, block] of blocks.entries()) {
    it(`${block.file}:${block.line}`, async () => {
      const path = `${work}block-${n}.ts`;
      writeFileSync(path, compile(block));
      await import(/* @vite-ignore */ path);
    });
  }
});
