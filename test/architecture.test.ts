/*
 * The shape of src/ (docs: /work/shared/DESIGN.md "Shape" and "Modules"; STYLE.md "House rules"),
 * checked by reading every src/**\/*.ts file's imports with a small regex reader:
 *
 *   (a) no import cycle between files (type-only imports count: they are the cycles the issue asks
 *       to remove);
 *   (b) the core never imports the imperative edge: money, calendar, contract, pricing, tax,
 *       invoice, timeline, insight and errors import nothing from engine, adapters, cli, portal,
 *       import or ports (the modules table lists no port among any core module's dependencies:
 *       "the core is pure", it takes `asOf` as data), and never node: built-ins;
 *   (c) a module is imported from outside only through its index.ts ("../money/index.js"), and
 *       a module's files never import the package root (src/index.ts);
 *   (d) each module imports only the modules its row of the modules table lists (errors, the
 *       shared leaf, is allowed everywhere).
 *
 * A module is a folder under src/ (src/adapters/<name> is a module of its own); files directly in
 * src/ (index.ts) are the package root. Known violations are in commented allow-lists below, each
 * with the reason; every found violation must be on a list, so a new one fails the test.
 */
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");

/** Files by path relative to src/, with forward slashes: "timeline/facts.ts". */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") && !name.endsWith(".d.ts") ? [relative(SRC, path).split("\\").join("/")] : [];
  });
}

/** One import of a file: what it names and, for a relative one, the file it resolves to. */
interface Import {
  readonly specifier: string;
  /** The imported file relative to src/, or undefined for a package or a node: built-in. */
  readonly target: string | undefined;
}

// import x from "y"; import { a } from "y"; import type { T } from "y"; import "y"; export * from "y";
// export { a } from "y". The part before `from` holds no quote or semicolon, so a string elsewhere
// in the file is never read as a specifier.
const STATIC = /(?:^|[\s;}])(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s*)?["']([^"']+)["']/g;
// import("y"), also inside a type: typeof import("y").
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** Comments removed, so an import inside a doc example is not read as one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** Reads the imports of `text`, a file at `file` (relative to src/). */
function readImports(file: string, text: string): Import[] {
  const code = withoutComments(text);
  const specifiers = [...code.matchAll(STATIC), ...code.matchAll(DYNAMIC)].map((m) => m[1] as string);
  return specifiers.map((specifier) => ({ specifier, target: resolveSpecifier(file, specifier) }));
}

function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = join(dirname(join(SRC, file)), specifier);
  const candidates = [base.replace(/\.js$/, ".ts"), `${base}.ts`, join(base, "index.ts")];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (found === undefined) throw new Error(`${file}: cannot resolve "${specifier}"`);
  return relative(SRC, found).split("\\").join("/");
}

/** The module a file belongs to: "timeline", "adapters/memory", or "(root)" for src/index.ts. */
function moduleOf(file: string): string {
  const parts = file.split("/");
  if (parts.length === 1) return "(root)";
  if (parts[0] === "adapters" && parts.length > 2) return `adapters/${parts[1]}`;
  return parts[0] as string;
}

const FILES = sourceFiles();
const GRAPH = new Map(FILES.map((file) => [file, readImports(file, readFileSync(join(SRC, file), "utf8"))]));

/** Every file-level cycle, as the sorted files of each strongly connected component (Tarjan). */
function cycles(graph: ReadonlyMap<string, readonly Import[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter);
    counter++;
    stack.push(file);
    onStack.add(file);
    for (const { target } of graph.get(file) ?? []) {
      if (target === undefined) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file) as number, low.get(target) as number));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file) as number, index.get(target) as number));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let top: string | undefined;
      do {
        top = stack.pop() as string;
        onStack.delete(top);
        component.push(top);
      } while (top !== file);
      const selfLoop = (graph.get(file) ?? []).some((i) => i.target === file);
      if (component.length > 1 || selfLoop) found.push(component.sort());
    }
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) visit(file);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Allow-lists: today's known violations. Each entry says why it is tolerated; delete it when fixed.

/** Cycles tolerated for now, each as the set of files it may involve: none (the timeline's channels → facts → policies cycle is gone). */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

/** `file → file` imports that break (b) or (c) and are tolerated for now: none today. */
const KNOWN_LAYER_VIOLATIONS: readonly string[] = [];

/**
 * Module dependencies the code has and DESIGN.md's table does not list (d). Each is a real need,
 * so the table is what should change (reported to the lead; /work/shared is not this branch's):
 */
const KNOWN_TABLE_GAPS: readonly string[] = [
  // Periods and proration fractions are exact ratios of days (calendar/billingPeriods, proration).
  "calendar → money",
  // Tax rates and exemption certificates are effective-dated: they compare calendar dates.
  "tax → calendar",
  // The manual clock validates and steps calendar dates.
  "adapters/memory → calendar",
  // The bridge timelineFacts(contract, invoices) (timeline branch, issue 9) reads a parsed Contract
  // and issued invoices: timeline then depends on contract and invoice (types).
  "timeline → contract",
  "timeline → invoice",
];

// ---------------------------------------------------------------------------------------------

/** The core (DESIGN.md "The core is pure"; STYLE.md lists insight with it) and the shared leaf. */
const CORE = ["money", "calendar", "contract", "pricing", "tax", "invoice", "timeline", "insight", "errors"];
/** What the core never imports: the imperative edge and the ports it drives. */
const EDGE = ["engine", "adapters", "cli", "portal", "import", "ports", "messages", "testing"];

/**
 * DESIGN.md's modules table, "depends on" column. `errors` is every module's shared leaf (it holds
 * ValidationError and the codes every boundary reports with) and imports nothing itself.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  money: [],
  calendar: [],
  contract: ["money", "calendar"],
  pricing: ["money", "calendar"],
  tax: ["money"],
  invoice: ["money", "calendar", "contract", "pricing", "tax"],
  timeline: ["calendar", "money"],
  // The store's records are the core's documents (a contract, an issued invoice, money, dates):
  // the ports name those types, so they import them (types only). DESIGN's "—" predates the store.
  ports: ["money", "calendar", "contract", "invoice"],
  // With a brand, the engine renders what it sends from the messages module's templates.
  engine: ["money", "calendar", "contract", "pricing", "tax", "invoice", "timeline", "ports", "messages"],
  // Amounts are formatted by the money module, dates stepped by the calendar's, problems reported as errors' ValidationError.
  messages: ["invoice", "timeline", "money", "calendar"],
  // The page shows the invoice as issued (its type) and its amounts (money's decimal form).
  portal: ["engine", "messages", "invoice", "money"],
  // Import reads CSV dates and judges a card against the contract's next charge (calendar periods).
  import: ["contract", "ports", "calendar"],
  // Insight counts days between calendar dates (aging, days to payment, revenue by day).
  insight: ["invoice", "money", "calendar"],
  // The memory store keys invoices by their period and freezes the core's documents it holds.
  "adapters/memory": ["ports", "calendar", "money", "contract", "invoice"],
  // The record types it (de)serialises: Contract, Invoice, CreditNote, Money, Instant (types only), as adapters/memory.
  "adapters/postgres": ["ports", "calendar", "money", "contract", "invoice"],
  "adapters/smtp": ["ports"],
  "adapters/sms-http": ["ports"],
  // The suites build a contract and its invoices to store, with the core's own functions.
  // The arbitraries build tax tables and timeline policies for property tests, with the core's own parsers.
  testing: ["ports", "contract", "invoice", "money", "tax", "timeline"],
};

/** Every cross-module import as "from-file → to-file". */
const CROSS = [...GRAPH].flatMap(([file, imports]) =>
  imports.flatMap(({ target }) => (target !== undefined && moduleOf(target) !== moduleOf(file) ? [{ file, target, from: moduleOf(file), to: moduleOf(target) }] : [])),
);

describe("the import reader", () => {
  it("reads static, re-exported, type-only, side-effect and dynamic imports, and skips comments and strings", () => {
    const text = [
      'import { a } from "./a.js";',
      'import type { B } from "../money/index.js";',
      "import {",
      "  c,",
      "  type D,",
      '} from "../calendar/index.js";',
      'export { e } from "./e.js";',
      'export * from "./f.js";',
      'import "./side.js";',
      'type G = typeof import("./g.js");',
      '/** @example import { x } from "../engine/index.js"; */',
      '// import { y } from "../cli/index.js";',
      'const text = "import { z } from the docs";',
      'import fc from "fast-check";',
    ].join("\n");
    const specifiers = [...withoutComments(text).matchAll(STATIC), ...withoutComments(text).matchAll(DYNAMIC)].map((m) => m[1]);
    expect(specifiers).toEqual(["./a.js", "../money/index.js", "../calendar/index.js", "./e.js", "./f.js", "./side.js", "fast-check", "./g.js"]);
  });

  it("finds every source file and resolves every relative import to one of them", () => {
    expect(FILES.length).toBeGreaterThan(50);
    expect(FILES).toContain("index.ts");
    for (const imports of GRAPH.values()) for (const { target } of imports) if (target !== undefined) expect(FILES).toContain(target);
  });

  it("finds a cycle planted in a copy of the graph, so (a) can fail", () => {
    const planted = new Map(GRAPH);
    planted.set("money/index.ts", [...(GRAPH.get("money/index.ts") ?? []), { specifier: "../invoice/index.js", target: "invoice/index.ts" }]);
    expect(cycles(planted).some((component) => component.includes("money/index.ts") && component.includes("invoice/index.ts"))).toBe(true);
  });
});

describe("architecture of src/", () => {
  it("(a) has no import cycle between files, except the allow-listed ones being removed", () => {
    const unexpected = cycles(GRAPH).filter((component) => !KNOWN_CYCLES.some((known) => component.every((file) => known.includes(file))));
    expect(unexpected).toEqual([]);
  });

  it("(b) keeps the core off engine, adapters, cli, ports and the other edge modules, and off node: built-ins", () => {
    const edge = CROSS.filter(({ from, to }) => CORE.includes(from) && EDGE.some((e) => to === e || to.startsWith(`${e}/`)))
      .map(({ file, target }) => `${file} → ${target}`)
      .filter((line) => !KNOWN_LAYER_VIOLATIONS.includes(line));
    expect(edge).toEqual([]);
    const builtIns = [...GRAPH].flatMap(([file, imports]) =>
      CORE.includes(moduleOf(file)) ? imports.filter(({ specifier }) => specifier.startsWith("node:")).map(({ specifier }) => `${file} → ${specifier}`) : [],
    );
    expect(builtIns).toEqual([]);
  });

  it("(c) reaches another module only through its index.ts, and never imports the package root from a module", () => {
    const deep = CROSS.filter(({ target }) => !target.endsWith("/index.ts") && target !== "index.ts")
      .map(({ file, target }) => `${file} → ${target}`)
      .filter((line) => !KNOWN_LAYER_VIOLATIONS.includes(line));
    expect(deep).toEqual([]);
    const root = CROSS.filter(({ from, to }) => from !== "(root)" && to === "(root)").map(({ file, target }) => `${file} → ${target}`);
    expect(root).toEqual([]);
  });

  it("(d) imports only the modules the design's table lets each module depend on", () => {
    const modules = new Set(FILES.map(moduleOf));
    // Every module in src/ has a row (the CLI and the package root may import everything).
    expect([...modules].filter((m) => m !== "(root)" && m !== "cli" && ALLOWED[m] === undefined)).toEqual([]);
    const outside = CROSS.filter(({ from, to }) => from !== "(root)" && from !== "cli" && to !== "errors" && !(ALLOWED[from] ?? []).includes(to));
    expect([...new Set(outside.map(({ from, to }) => `${from} → ${to}`))].filter((pair) => !KNOWN_TABLE_GAPS.includes(pair))).toEqual([]);
    // errors is the leaf: it imports no other module.
    expect(CROSS.filter(({ from }) => from === "errors")).toEqual([]);
  });
});
