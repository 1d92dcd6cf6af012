/**
 * Loads and validates the content files under `content/`.
 *
 * Every problem in every file is collected (the loader does not stop at the first one) and
 * reported together in one `ContentError`, one line per issue:
 *
 *   content/centres/souli.yaml: openingHours.mon[0].open: expected HH:MM
 */
import { projectPath } from '../config/paths.js';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkSchema, errorText, readYaml, toPosix } from './yaml-issues.js';
import { centreSchema, type CentreContent } from './schema.js';
import { loadProgrammes, type Programme } from './programmes.js';
import { existsSync } from 'node:fs';
import { loadNotice, type PrivacyNotice } from '../consent/notice.js';

/** Everything under `content/`. More kinds (programmes, hotlines, privacy notice) become fields. */
export interface Content {
  /** Centres by id, in id order. */
  centres: Map<string, CentreContent>;
  /** Programme answers by id (content/programmes/), when that folder exists. */
  programmes?: Map<string, Programme>;
  /** The versioned privacy notice (content/privacy/notice.yaml), when that folder exists. */
  privacy?: PrivacyNotice;
}

export interface ContentIssue {
  /** The file, relative to the content directory's parent, e.g. "content/centres/souli.yaml". */
  file: string;
  /** Where in the file, e.g. "openingHours.mon[0].open"; "" for the file as a whole. */
  path: string;
  /** What is wrong, e.g. "expected HH:MM". */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number | undefined;
}

export class ContentError extends Error {
  override readonly name = 'ContentError';
  readonly issues: ContentIssue[];

  constructor(issues: ContentIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = issues;
  }
}

/** One issue as one line: `file: path: message` (or `file: message` without a path). */
export function formatIssue(issue: ContentIssue): string {
  return issue.path === ''
    ? `${issue.file}: ${issue.message}`
    : `${issue.file}: ${issue.path}: ${issue.message}`;
}

/**
 * The repository's `content/` directory, resolved from this module's location: `../../content`
 * from `src/content/load.ts`; from a build in `dist/src/content/` it is one level further up.
 */
export function defaultContentDir(): string {
  return projectPath('content');
}

const CENTRES_DIR = 'centres';
const YAML_EXT = /\.ya?ml$/;

/** Loads and validates all content under `dir`; throws a `ContentError` listing every issue. */
export async function loadContent(dir: string): Promise<Content> {
  const issues: ContentIssue[] = [];
  const centres = await loadCentres(dir, issues);
  let programmes: Map<string, Programme> | undefined;
  if (existsSync(path.join(dir, 'programmes'))) {
    try {
      programmes = await loadProgrammes(dir);
    } catch (err) {
      if (!(err instanceof ContentError)) throw err;
      issues.push(...err.issues);
    }
  }
  let privacy: PrivacyNotice | undefined;
  if (existsSync(path.join(dir, 'privacy'))) {
    const notice = await loadNotice(dir, centres.keys());
    issues.push(...notice.issues);
    privacy = notice.notice;
  }
  if (issues.length > 0) throw new ContentError(issues);
  return { centres, ...(programmes ? { programmes } : {}), ...(privacy ? { privacy } : {}) };
}

async function loadCentres(dir: string, issues: ContentIssue[]): Promise<Map<string, CentreContent>> {
  const centresDir = path.join(dir, CENTRES_DIR);
  const dirLabel = toPosix(path.join(path.basename(path.resolve(dir)), CENTRES_DIR));
  let names: string[];
  try {
    names = (await readdir(centresDir)).filter((n) => YAML_EXT.test(n) && !n.startsWith('.')).sort();
  } catch (err) {
    issues.push({ file: dirLabel, path: '', message: `cannot read the directory: ${errorText(err)}` });
    return new Map();
  }
  if (names.length === 0) {
    issues.push({ file: dirLabel, path: '', message: 'no centre files (*.yaml) found' });
    return new Map();
  }

  const found: CentreContent[] = [];
  const fileOfId = new Map<string, string>();
  for (const name of names) {
    const label = `${dirLabel}/${name}`;
    let text: string;
    try {
      text = await readFile(path.join(centresDir, name), 'utf8');
    } catch (err) {
      issues.push({ file: label, path: '', message: `cannot read the file: ${errorText(err)}` });
      continue;
    }
    const result = parseCentreFile(text, label, name.replace(YAML_EXT, ''));
    issues.push(...result.issues);
    if (result.centre) {
      const other = fileOfId.get(result.centre.id);
      if (other !== undefined) {
        issues.push({ file: label, path: 'id', message: `duplicate centre id "${result.centre.id}" (also in ${other})` });
        continue;
      }
      fileOfId.set(result.centre.id, label);
      found.push(result.centre);
    }
  }
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return new Map(found.map((c) => [c.id, c]));
}

/**
 * Parses and validates the text of one centre file. `file` is the label used in issues;
 * `expectedId` (the file name without extension) must equal the file's `id`.
 */
export function parseCentreFile(
  text: string,
  file: string,
  expectedId?: string,
): { centre?: CentreContent; issues: ContentIssue[] } {
  const yaml = readYaml(text, file);
  if (yaml.issues) return { issues: yaml.issues };
  const checked = checkSchema(centreSchema, yaml.data, file, yaml.lineOf);
  if (checked.issues) return { issues: checked.issues };
  const centre = checked.value;
  if (expectedId !== undefined && centre.id !== expectedId) {
    return { issues: [{ file, path: 'id', line: yaml.lineOf(['id']), message: `"${centre.id}" does not match the file name (expected "${expectedId}")` }] };
  }
  return { centre, issues: [] };
}




