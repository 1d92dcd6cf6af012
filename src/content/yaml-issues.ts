import path from 'node:path';
import type YAML from 'yaml';
import type { LineCounter } from 'yaml';

// Helpers shared by the YAML content loaders (centres, programmes, rules): one wording of
// problems and one line lookup, so every content error reads the same.

/** Per-parse error map: a missing key reads "required" instead of "expected string, received undefined". */
export function requiredMessage(iss: { code?: string; input?: unknown }): string | undefined {
  return iss.code === 'invalid_type' && iss.input === undefined ? 'required' : undefined;
}

/** Line of the YAML node at `p`, or of its nearest existing ancestor. */
export function nodeLine(doc: YAML.Document, lineCounter: LineCounter, p: readonly PropertyKey[]): number | undefined {
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

export function firstLine(s: string): string {
  return s.split('\n')[0]?.trim() ?? s;
}

export function errorText(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? err.message : String(err);
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
