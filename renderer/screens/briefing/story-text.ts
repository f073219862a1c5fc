// The story sits under the briefing's "Story" h2 (an h3 in the run's briefing drawer), so its own
// headings are moved down below that level (an h1 in a story would break the page's outline), and an
// opening "# <mission title>" that only repeats the page's h1 is dropped.

const FENCE = /^\s{0,3}(```|~~~)/;
const ATX = /^(\s{0,3})(#{1,6})(?=\s|$)/;

/** `levels`: how far the story's headings move down, 2 under an h2. */
export function storyForBriefing(markdown: string, title: string, levels = 2): string {
  return demoteHeadings(withoutTitle(markdown, title), levels);
}

function withoutTitle(markdown: string, title: string): string {
  const match = /^\s*#\s+(.+?)\s*#*\s*(?:\r?\n|$)/.exec(markdown);
  if (!match?.[1]) return markdown;
  const normalise = (text: string): string => text.replace(/[*_`]/g, '').trim().toLocaleLowerCase();
  return normalise(match[1]) === normalise(title) ? markdown.slice(match[0].length) : markdown;
}

function demoteHeadings(markdown: string, by: number): string {
  let fenced = false;
  return markdown
    .split('\n')
    .map((line) => {
      if (FENCE.test(line)) fenced = !fenced;
      if (fenced) return line;
      return line.replace(ATX, (_, indent: string, hashes: string) => indent + '#'.repeat(Math.min(6, hashes.length + by)));
    })
    .join('\n');
}
