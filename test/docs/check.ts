/** The `// →` check of the doctests: the value, or the error thrown, against what the docs say. */
import { expect } from "vitest";

/** The expected value: a JavaScript literal, with an optional remark in parentheses after it. */
function parseExpected(text: string): unknown {
  const attempts = [text.trim()];
  const remark = /^(.*?)\s+\([^()]*\)\s*$/.exec(text.trim());
  if (remark !== null) attempts.push(remark[1] as string);
  for (const attempt of attempts) {
    try {
      return new Function(`return (${attempt});`)() as unknown;
    } catch {
      // try the next reading
    }
  }
  throw new Error(`"// → ${text}" is not a JavaScript literal (a string, number, array, object): write the value the line returns`);
}

/** Checks a documented line. */
export async function __check(run: () => unknown, expected: string, at: string): Promise<void> {
  const throws = /^throws\s+([A-Za-z]+)(?::\s*([\s\S]*))?$/.exec(expected.trim());
  if (throws !== null) {
    let error: unknown;
    try {
      await run();
    } catch (e) {
      error = e;
    }
    expect(error, `${at}: expected it to throw ${throws[1]}`).toBeInstanceOf(Error);
    expect((error as Error).name, at).toBe(throws[1]);
    const message = throws[2];
    if (message !== undefined && message.includes("\n")) expect((error as Error).message, at).toBe(message);
    else if (message !== undefined) expect((error as Error).message.startsWith(message), `${at}: message ${JSON.stringify((error as Error).message)} should start with ${JSON.stringify(message)}`).toBe(true);
    return;
  }
  const value = await run();
  expect(value, at).toEqual(parseExpected(expected));
}
