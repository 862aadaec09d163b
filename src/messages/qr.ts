import qrcode from "qrcode-generator";

/** The quiet zone around a QR code, in modules (the standard asks for 4). @internal */
export const QR_QUIET_ZONE = 4;

/**
 * The QR code of a payment link as its module matrix (`true` = dark), row by row: byte mode,
 * error correction level M, the smallest version that holds the text. @internal
 */
export function qrMatrix(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  qr.addData(text, "Byte");
  qr.make();
  const n = qr.getModuleCount();
  return Array.from({ length: n }, (_, row) => Array.from({ length: n }, (_, col) => qr.isDark(row, col)));
}

/** The dark modules of each row as runs `[row, firstColumn, length]` — one rectangle a run. @internal */
export function qrRuns(matrix: readonly (readonly boolean[])[]): [number, number, number][] {
  const runs: [number, number, number][] = [];
  matrix.forEach((cells, row) => {
    let start = -1;
    for (let col = 0; col <= cells.length; col++) {
      const dark = col < cells.length && cells[col] === true;
      if (dark && start < 0) start = col;
      else if (!dark && start >= 0) {
        runs.push([row, start, col - start]);
        start = -1;
      }
    }
  });
  return runs;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The QR code of `text` as an inline SVG element (no external request, no script, no style
 * attribute): one path of the dark modules on a white square with its quiet zone, `label` as its
 * accessible name. Safe to place in HTML as is: the label is escaped and the text itself is not
 * written into the markup. The invoice HTML, the PDF (as rectangles) and the hosted invoice page
 * draw the payment link with it; your own pages can too.
 *
 * @example
 * ```ts
 * const svg = qrSvg("https://pay.example.com/p/k1.abc", { label: "Scan to pay" });
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="Scan to pay"'); // → true
 * svg.includes("pay.example.com"); // → false (the link is drawn, not written)
 * ```
 */
export function qrSvg(text: string, options: { readonly label: string; readonly size?: number }): string {
  const matrix = qrMatrix(text);
  const side = matrix.length + 2 * QR_QUIET_ZONE;
  const d = qrRuns(matrix)
    .map(([row, col, length]) => `M${col + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${length}v1h-${length}z`)
    .join("");
  const size = options.size ?? 132;
  const label = escapeXml(options.label);
  return `<svg xmlns="http://www.w3.org/2000/svg" class="qr" role="img" aria-label="${label}" width="${size}" height="${size}" viewBox="0 0 ${side} ${side}" shape-rendering="crispEdges"><title>${label}</title><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`;
}
