// Parses one YAML file of a pack and validates it against a schema, turning every problem into a
// PackIssue that carries the file, the field path and the line the author must look at.
import { load as loadYaml } from 'js-yaml';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { formatFieldPath, type PackIssue } from '../../../../shared/pack/issues.ts';

/** Anchors and aliases can expand exponentially ("billion laughs"); packs have no need for many. */
const MAX_ALIAS_COUNT = 50;

export interface YamlFile {
  file: string;
  data: unknown;
  /** Line (1-based, in the whole file) of the node at a field path, or of its nearest ancestor. */
  lineOf(path: ReadonlyArray<PropertyKey>): number | undefined;
}

/**
 * Two parsers on purpose: js-yaml reads a valid file about ten times faster, which is what a
 * 500-mission import needs; `yaml` keeps a syntax tree with positions, so it is asked only when a
 * file has a problem to locate. Both read YAML 1.2 with the core schema.
 * `firstLine` is where the YAML starts inside the file (front matter starts on line 2).
 */
export function parseYamlFile(file: string, text: string, issues: PackIssue[], firstLine = 1): YamlFile | null {
  let data: unknown;
  try {
    data = loadYaml(text, { maxAliases: MAX_ALIAS_COUNT });
  } catch (error) {
    reportSyntax(file, text, firstLine, error, issues);
    return null;
  }
  let located: ((path: ReadonlyArray<PropertyKey>) => number | undefined) | null = null;
  return {
    file,
    data,
    lineOf(path) {
      located ??= locator(text, firstLine);
      return located(path);
    },
  };
}

function reportSyntax(file: string, text: string, firstLine: number, error: unknown, issues: PackIssue[]): void {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const toLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) issues.push({ severity: 'error', file, path: '', line: toLine(e.pos[0]), message: `YAML syntax: ${firstSentence(e.message)}` });
    return;
  }
  const mark = (error as { mark?: { line?: number } }).mark;
  const reason = (error as { reason?: string }).reason ?? firstSentence((error as Error).message);
  const issue: PackIssue = { severity: 'error', file, path: '', message: `YAML: ${reason}` };
  if (mark?.line !== undefined) issue.line = mark.line + firstLine;
  issues.push(issue);
}

function locator(text: string, firstLine: number): (path: ReadonlyArray<PropertyKey>) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const toLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1;
  return (path) => lineAt(doc, path, toLine);
}

function lineAt(doc: Document, path: ReadonlyArray<PropertyKey>, toLine: (offset: number) => number): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return toLine(node.range[0]);
  }
  return undefined;
}

/** Validates parsed YAML; on failure every schema issue is reported with its path and line. */
export function validateYaml<S extends z.ZodType>(schema: S, yaml: YamlFile, issues: PackIssue[]): z.output<S> | null {
  const result = schema.safeParse(yaml.data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    issues.push({
      severity: 'error',
      file: yaml.file,
      path: formatFieldPath(issue.path),
      line: yaml.lineOf(issue.path),
      message: describeZodIssue(issue),
    });
  }
  return null;
}

function describeZodIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `missing required field (expected ${issue.expected})`;
  return issue.message;
}

function firstSentence(message: string): string {
  return message.split('\n')[0] ?? message;
}

export interface FrontMatter {
  yaml: string;
  body: string;
  /** Line of the file on which the YAML starts. */
  firstLine: number;
}

/** Splits `---\n<yaml>\n---\n<markdown>`; null when the file does not open with front matter. */
export function splitFrontMatter(text: string): FrontMatter | null {
  const match = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  return { yaml: match[1] ?? '', body: text.slice(match[0].length), firstLine: 2 };
}
