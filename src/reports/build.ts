import type { Content } from '../content/load.js';
import type { Prisma } from '../db/client.js';
import { computeIndicators } from './indicators.js';
import type { MonthRange } from './month.js';
import { toReport, type Report } from './report.js';

/** A centre's report for a month. */
export async function centreReport(prisma: Prisma, content: Content, range: MonthRange, centreId: string): Promise<Report> {
  return toReport(await computeIndicators(prisma, content, range, centreId), content);
}

/** For an operator: one report per centre of the content, then all centres together ("all"). */
export async function allCentresReports(prisma: Prisma, content: Content, range: MonthRange): Promise<Report[]> {
  const reports: Report[] = [];
  for (const id of content.centres.keys()) reports.push(await centreReport(prisma, content, range, id));
  reports.push(toReport(await computeIndicators(prisma, content, range), content));
  return reports;
}
