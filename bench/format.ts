/** Number and cell formatting for the bench's table. @module */

import { spread, type Spread } from "./lib/stats.ts";
import type { Cell } from "./scenario.ts";

/** Three significant-ish digits: 123, 12.3, 1.23, 0.123. */
export function fmt(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(0) : a >= 10 ? x.toFixed(1) : a >= 1 ? x.toFixed(2) : x.toFixed(3);
}

/** `median (min–max)` when there were several runs, else the value; "–" when there is none. */
export function fmtCell(c: Cell | undefined): string {
  if (!c || !Number.isFinite(c.median)) return "–";
  return c.n > 1 ? `${fmt(c.median)} (${fmt(c.min)}–${fmt(c.max)})` : fmt(c.median);
}

/** A number with its sign: +1.5, -0.3. */
export function fmtSigned(x: number): string {
  return (x >= 0 ? "+" : "") + x.toFixed(1);
}

/** The spread of `xs` in `unit`. */
export function cell(xs: number[], unit: string): Cell {
  return { ...spread(xs), unit };
}

/** A ratio of medians shown with the spread of the paired ratios in brackets. */
export function pairedCell(value: number, paired: Spread): string {
  return fmtCell({ ...paired, median: value, unit: "×" });
}

/** One megabyte (2^20 bytes). */
export const MB = 1024 * 1024;
