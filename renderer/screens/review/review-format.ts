// The review screens' small rules, pure so they are tested on their own: which level a key picks and
// how an evidence text splits into numbered lines.

/** The level a key picks among `count` levels (1 for the first listed), or null for any other key. */
export function levelIndexForKey(key: string, count: number): number | null {
  if (!/^[1-9]$/.test(key)) return null;
  const index = Number(key) - 1;
  return index < count ? index : null;
}

/** An evidence text's lines as shown with numbers: CRLF or LF, and no empty last line for a final newline. */
export function evidenceLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
