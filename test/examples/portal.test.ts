/**
 * `examples/portal/server.ts` runs as its header says: on a port of 127.0.0.1 it prints the
 * invoice message's payment link, serves the invoice page behind it, takes one payment and (with
 * `--once`) stops by itself.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

describe("examples/portal", () => {
  it("prints the payment link, shows 52.49 due, takes the payment, says paid, and stops after it (--once)", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", "examples/portal/server.ts", "--once"], { env: { ...process.env, PORT: String(port) }, stdio: ["ignore", "pipe", "inherit"] });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const lines = createInterface({ input: child.stdout });
      const link = await new Promise<string>((resolve, reject) => {
        lines.on("line", (line) => {
          const found = /^Open the payment link: (\S+)$/.exec(line);
          if (found?.[1] !== undefined) resolve(found[1]);
        });
        child.once("exit", () => reject(new Error("the example ended before printing its link")));
      });
      expect(link.startsWith(`http://127.0.0.1:${port}/invoice/`)).toBe(true);
      const page = await fetch(link);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(html).toContain("52.49");
      const submissionId = /name="submissionId" value="([^"]+)"/.exec(html)?.[1] ?? "";
      const paid = await fetch(link, { method: "POST", body: new URLSearchParams({ submissionId, paymentMethodToken: "tok_visa" }) });
      const receipt = await paid.text();
      expect(paid.status).toBe(200);
      expect(receipt.toLowerCase()).toContain("paid");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  }, 60_000);
});
