/**
 * Schemas of the content files under `content/`.
 *
 * Today there is one kind of content: one YAML file per Community Centre in `content/centres/`
 * (documented key by key in `content/centres/thira.yaml`). Every object that states facts can
 * carry `unconfirmed: true`: the fact did not come from the centre's own text (the seed) and the
 * bot must present it as "please confirm by phone", never as certain.
 *
 * All objects are strict: an unknown key (usually a typo) is an error, not silently ignored.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Primitives
// ---------------------------------------------------------------------------------------------

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const weekdaySchema = z.enum(WEEKDAYS, {
  error: 'expected a weekday: mon, tue, wed, thu, fri, sat or sun',
});

/** The directory categories, a closed list so that referrals can be counted per category. */
export const DIRECTORY_CATEGORIES = [
  'social_service',
  'health',
  'employment',
  'legal',
  'women_support',
  'child_support',
  'food',
  'housing',
  'migrants',
  'disability',
  'psychological',
  'education',
  'other',
] as const;
export type DirectoryCategory = (typeof DIRECTORY_CATEGORIES)[number];
export const directoryCategorySchema = z.enum(DIRECTORY_CATEGORIES, {
  error: `expected one of: ${DIRECTORY_CATEGORIES.join(', ')}`,
});

/** Lowercase kebab-case identifier: centre ids, island ids. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const idSchema = z
  .string({ error: 'expected an id (lowercase kebab-case, e.g. "syros-ermoupoli")' })
  .regex(ID_PATTERN, { error: 'expected an id in lowercase kebab-case, e.g. "syros-ermoupoli"' });

/** Lowercase snake_case key: service keys, directory keys (same style as the intent ids). */
export const KEY_PATTERN = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
export const keySchema = z
  .string({ error: 'expected a key (lowercase snake_case, e.g. "social_service")' })
  .regex(KEY_PATTERN, { error: 'expected a key in lowercase snake_case, e.g. "social_service"' });

export const HHMM_PATTERN = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
/** A wall-clock time in Europe/Athens (or the centre's time zone), 24-hour "HH:MM". */
export const timeSchema = z
  .string({ error: 'expected HH:MM' })
  .regex(HHMM_PATTERN, { error: 'expected HH:MM' });

/** Minutes since midnight of an "HH:MM" string (assumes it is valid). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
function isRealDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // Day 0 of the next month is the last day of this month (2000 is a leap year, fine for MM-DD).
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last;
}

/** A calendar date "YYYY-MM-DD". */
export const dateSchema = z
  .string({ error: 'expected a date YYYY-MM-DD' })
  .refine(
    (s) => {
      const m = DATE_PATTERN.exec(s);
      return m !== null && isRealDate(Number(m[1]), Number(m[2]), Number(m[3]));
    },
    { error: 'expected a valid date YYYY-MM-DD' },
  );

/** A day of the year "MM-DD" (a yearly feast day). 02-29 is allowed. */
export const monthDaySchema = z
  .string({ error: 'expected a day of the year MM-DD' })
  .refine(
    (s) => {
      const m = /^(\d{2})-(\d{2})$/.exec(s);
      return m !== null && isRealDate(2000, Number(m[1]), Number(m[2]));
    },
    { error: 'expected a valid day of the year MM-DD' },
  );

/** A phone number as dialled in Greece: digits only, optional leading "+", no spaces. */
export const PHONE_PATTERN = /^\+?\d{3,15}$/;
export const phoneSchema = z
  .string({ error: 'expected a phone number as a quoted string, e.g. "2286037036"' })
  .regex(PHONE_PATTERN, { error: 'expected a phone number of digits only, e.g. 2286037036' });

export const emailSchema = z.email({ error: 'expected an email address' });
export const urlSchema = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const nonEmpty = (what: string) =>
  z.string({ error: `expected ${what}` }).trim().min(1, { error: `${what} must not be empty` });

/** Text in Greek and English. Other languages come from the locale files. */
export const localizedTextSchema = z.strictObject({
  el: nonEmpty('the Greek text'),
  en: nonEmpty('the English text'),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** `unconfirmed: true` = not stated by the centre's own text; the bot asks to confirm by phone. */
const unconfirmed = z.boolean({ error: 'expected true or false' }).optional();
/** Internal note for maintainers and staff (where a fact came from, what is unknown). */
const notes = z.string({ error: 'expected text' }).optional();

// ---------------------------------------------------------------------------------------------
// Hours
// ---------------------------------------------------------------------------------------------

export const intervalSchema = z
  .strictObject({ open: timeSchema, close: timeSchema })
  .refine((i) => !HHMM_PATTERN.test(i.open) || !HHMM_PATTERN.test(i.close) || minutesOf(i.open) < minutesOf(i.close), {
    error: 'open must be before close',
    path: ['close'],
  });
export type Interval = z.infer<typeof intervalSchema>;

/** The intervals of one day, in order and not overlapping. Empty = closed. */
const dayHoursSchema = z
  .array(intervalSchema, { error: 'expected a list of {open, close} intervals ([] when closed)' })
  .superRefine((list, ctx) => {
    for (let i = 1; i < list.length; i++) {
      const prev = list[i - 1];
      const cur = list[i];
      if (prev && cur && minutesOf(cur.open) < minutesOf(prev.close)) {
        ctx.addIssue({
          code: 'custom',
          message: 'intervals must be in order and must not overlap',
          path: [i, 'open'],
        });
      }
    }
  });

function weekHoursShape() {
  return {
    mon: dayHoursSchema.default([]),
    tue: dayHoursSchema.default([]),
    wed: dayHoursSchema.default([]),
    thu: dayHoursSchema.default([]),
    fri: dayHoursSchema.default([]),
    sat: dayHoursSchema.default([]),
    sun: dayHoursSchema.default([]),
  };
}

export const openingHoursSchema = z
  .strictObject({ ...weekHoursShape(), unconfirmed, notes })
  .refine((h) => WEEKDAYS.some((d) => h[d].length > 0), {
    error: 'the centre must be open on at least one day',
  });
export type OpeningHours = z.infer<typeof openingHoursSchema>;

export const breakSchema = z
  .strictObject({
    /** Days the break applies to; omitted = every open day. */
    days: z.array(weekdaySchema).optional(),
    start: timeSchema,
    end: timeSchema,
    label: localizedTextSchema.optional(),
  })
  .refine((b) => !HHMM_PATTERN.test(b.start) || !HHMM_PATTERN.test(b.end) || minutesOf(b.start) < minutesOf(b.end), {
    error: 'start must be before end',
    path: ['end'],
  });
export type Break = z.infer<typeof breakSchema>;

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

export const municipalitySchema = z.strictObject({
  el: nonEmpty('the Greek name'),
  en: nonEmpty('the English name'),
  unconfirmed,
  notes,
});

export const addressSchema = z.strictObject({
  el: nonEmpty('the address in Greek'),
  en: nonEmpty('the address in English'),
  postcode: z
    .string({ error: 'expected a postcode' })
    .regex(/^\d{3} ?\d{2}$/, { error: 'expected a Greek postcode, e.g. "84700"' })
    .optional(),
  unconfirmed,
  notes,
});

export const contactSchema = z.strictObject({
  phones: z.array(phoneSchema).default([]),
  email: emailSchema.optional(),
  website: urlSchema.optional(),
  unconfirmed,
  notes,
});

export const staffingSchema = z.strictObject({
  socialWorkers: z.number().int().min(0).optional(),
  psychologists: z.number().int().min(0).optional(),
  administrators: z.number().int().min(0).optional(),
  unconfirmed,
  notes,
});

export const serviceSchema = z.strictObject({
  key: keySchema,
  el: nonEmpty('the Greek text'),
  en: nonEmpty('the English text'),
  unconfirmed,
  notes,
});
export type Service = z.infer<typeof serviceSchema>;

export const islandSchema = z
  .strictObject({
    id: idSchema,
    name: localizedTextSchema,
    /** Weekdays the mobile unit is on this island (every week). */
    visitDays: z.array(weekdaySchema).default([]),
    /** Hours on the island on a visit day. */
    hours: dayHoursSchema.default([]),
    /** Citizens the mobile unit sees in the same slot on this island (default 1). */
    capacity: z.number({ error: 'expected a number of staff' }).int({ error: 'expected a whole number' }).min(1, { error: 'capacity is at least 1' }).max(50, { error: 'capacity is at most 50' }).optional(),
    unconfirmed,
    notes,
  })
  .superRefine((isl, ctx) => {
    if (new Set(isl.visitDays).size !== isl.visitDays.length) {
      ctx.addIssue({ code: 'custom', message: 'a weekday is listed twice', path: ['visitDays'] });
    }
    if (isl.visitDays.length > 0 && isl.hours.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'visit days need hours', path: ['hours'] });
    }
  });
export type Island = z.infer<typeof islandSchema>;

export const mobileUnitSchema = z
  .strictObject({
    name: localizedTextSchema.optional(),
    islands: z.array(islandSchema).min(1, { error: 'a mobile unit needs at least one island' }),
    unconfirmed,
    notes,
  })
  .superRefine((mu, ctx) => {
    reportDuplicates(mu.islands.map((i) => i.id), ['islands'], 'id', 'island id', ctx);
  });
export type MobileUnit = z.infer<typeof mobileUnitSchema>;

export const directoryEntrySchema = z.strictObject({
  key: keySchema,
  /** Name in Greek. */
  name: nonEmpty('the Greek name'),
  nameEn: nonEmpty('the English name'),
  category: directoryCategorySchema,
  phone: phoneSchema.optional(),
  email: emailSchema.optional(),
  address: z.string().trim().min(1).optional(),
  url: urlSchema.optional(),
  notes,
  unconfirmed,
});
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

export const closureSchema = z
  .strictObject({
    from: dateSchema,
    /** Last closed day, inclusive; omitted = one day. */
    to: dateSchema.optional(),
    reason: localizedTextSchema,
    /** Omitted = the whole centre; an island id = only the mobile unit's visits there. */
    location: idSchema.optional(),
    unconfirmed,
    notes,
  })
  .refine((c) => c.to === undefined || c.to >= c.from, {
    error: '"to" must not be before "from"',
    path: ['to'],
  });
export type Closure = z.infer<typeof closureSchema>;

export const feastDaySchema = z.strictObject({
  date: monthDaySchema,
  name: localizedTextSchema,
  unconfirmed,
  notes,
});
export type FeastDay = z.infer<typeof feastDaySchema>;

export const sourceSchema = z.strictObject({
  /** The seed file the confirmed facts come from, relative to the shared folder. */
  seed: nonEmpty('the seed file'),
  /** The facts taken from the seed, one short line each. */
  facts: z.array(z.string().trim().min(1)).min(1, { error: 'list at least one fact from the seed' }),
  /** Other public material consulted; facts from it stay `unconfirmed`. */
  references: z.array(z.string().trim().min(1)).optional(),
  notes,
});

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function reportDuplicates(
  values: string[],
  listPath: (string | number)[],
  field: string,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  values.forEach((v, i) => {
    if (seen.has(v)) {
      ctx.addIssue({ code: 'custom', message: `duplicate ${what} "${v}"`, path: [...listPath, i, field] });
    }
    seen.add(v);
  });
}

// ---------------------------------------------------------------------------------------------
// The centre file
// ---------------------------------------------------------------------------------------------

export const centreSchema = z
  .strictObject({
    id: idSchema,
    name: localizedTextSchema,
    municipality: municipalitySchema,
    address: addressSchema,
    contact: contactSchema,
    timezone: z
      .string()
      .refine(isTimeZone, { error: 'expected an IANA time zone, e.g. "Europe/Athens"' })
      .default('Europe/Athens'),
    openingHours: openingHoursSchema,
    slotMinutes: z
      .number({ error: 'expected a number of minutes' })
      .int({ error: 'expected whole minutes' })
      .min(5, { error: 'a slot is at least 5 minutes' })
      .max(240, { error: 'a slot is at most 240 minutes' })
      .default(30),
    capacity: z
      .number({ error: 'expected a number of staff' })
      .int({ error: 'expected a whole number' })
      .min(1, { error: 'capacity is at least 1' })
      .max(50, { error: 'capacity is at most 50' })
      .default(2),
    breaks: z.array(breakSchema).default([]),
    staffing: staffingSchema.optional(),
    services: z.array(serviceSchema).min(1, { error: 'list at least one service' }),
    mobileUnit: mobileUnitSchema.optional(),
    directory: z.array(directoryEntrySchema).default([]),
    closures: z.array(closureSchema).default([]),
    feastDay: feastDaySchema.optional(),
    source: sourceSchema,
  })
  .superRefine((c, ctx) => {
    reportDuplicates(c.services.map((s) => s.key), ['services'], 'key', 'service key', ctx);
    reportDuplicates(c.directory.map((d) => d.key), ['directory'], 'key', 'directory key', ctx);
    const islands = new Set((c.mobileUnit?.islands ?? []).map((i) => i.id));
    c.closures.forEach((cl, i) => {
      if (cl.location !== undefined && !islands.has(cl.location)) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown location "${cl.location}": expected an island id of the mobile unit`,
          path: ['closures', i, 'location'],
        });
      }
    });
  });

/** A validated centre file (defaults applied). */
export type CentreContent = z.infer<typeof centreSchema>;
/** A centre file as written in YAML (defaults not yet applied). */
export type CentreContentInput = z.input<typeof centreSchema>;
