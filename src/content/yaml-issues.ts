import path from 'node:path';
import YAML, { LineCounter } from 'yaml';
import type { z } from 'zod';
import type { ContentIssue } from './load.js';

// Helpers shared by the YAML content loaders (centres, programmes, rules, hotlines, the privacy
// notice): one wording of problems and one line lookup, so every content error reads the same.

/** The line of the node at a path of the parsed file (or of its nearest existing ancestor). */
export type LineOf = (p: readonly PropertyKey[]) => number | undefined;

/**
 * Parses one YAML content file: its syntax errors (with line and column) or "the file is empty"
 * as issues, else the document's value and a line lookup for the checks that follow. A file that
 * may be empty passes `options.empty`, the value an empty file stands for.
 */
export function readYaml(text: string, file: string, options: { empty?: unknown } = {}): { data: unknown; lineOf: LineOf; issues?: undefined } | { issues: ContentIssue[] } {
  const lineCounter = new LineCounter();
  const doc = YAML.parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      issues: doc.errors.map((err) => {
        const { line, col } = lineCounter.linePos(err.pos[0]);
        return { file, path: '', line, message: `YAML syntax error at line ${line}, column ${col}: ${firstLine(err.message)}` };
      }),
    };
  }
  const data: unknown = doc.toJS() ?? options.empty;
  if (data === null || data === undefined) return { issues: [{ file, path: '', message: 'the file is empty' }] };
  return { data, lineOf: (p) => nodeLine(doc, lineCounter, p) };
}

/**
 * Checks `data` against `schema`: the typed value, or one issue per problem with its path and
 * line (each unknown key on its own; a missing key reads "required").
 */
export function checkSchema<T>(schema: z.ZodType<T>, data: unknown, file: string, lineOf: LineOf): { value: T; issues?: undefined } | { issues: ContentIssue[] } {
  const parsed = schema.safeParse(data, { error: requiredMessage });
  if (parsed.success) return { value: parsed.data };
  const issues: ContentIssue[] = [];
  for (const iss of parsed.error.issues) {
    const paths = iss.code === 'unrecognized_keys' ? iss.keys.map((k) => [...iss.path, k]) : [iss.path];
    for (const p of paths) issues.push({ file, path: formatPath(p), line: lineOf(p), message: iss.code === 'unrecognized_keys' ? 'unknown key' : iss.message });
  }
  return { issues };
}

/** ["openingHours", "mon", 0, "open"] → "openingHours.mon[0].open". */
export function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const s = String(seg);
      if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === '' ? s : `.${s}`;
      else out += `[${JSON.stringify(s)}]`;
    }
  }
  return out;
}

/** Per-parse error map: a missing key reads "required" instead of "expected string, received undefined". */
function requiredMessage(iss: { code?: string; input?: unknown }): string | undefined {
  return iss.code === 'invalid_type' && iss.input === undefined ? 'required' : undefined;
}

/** Line of the YAML node at `p`, or of its nearest existing ancestor. */
function nodeLine(doc: YAML.Document, lineCounter: LineCounter, p: readonly PropertyKey[]): number | undefined {
  const keys = p.filter((k): k is string | number => typeof k !== 'symbol');
  for (let n = keys.length; n >= 0; n--) {
    const node: unknown = n === 0 ? doc.contents : doc.getIn(keys.slice(0, n), true);
    if (node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] | null }).range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0]?.trim() ?? s;
}

export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
