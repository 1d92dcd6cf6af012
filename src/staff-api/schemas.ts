import { z } from 'zod';

/**
 * Response shapes of the staff API, for the OpenAPI description (and checked when sent). They
 * mirror views.ts; src/staff-api/README.md explains them.
 */

const iso = z.string().describe('ISO 8601 date-time');

export const meSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), centreId: z.string(), centreName: z.string().nullable() });

export const loginResponseSchema = z.object({ token: z.string(), expiresAt: iso, staff: meSchema });

export const summarySchema = z.object({
  id: z.string(),
  status: z.string(),
  urgent: z.boolean(),
  channel: z.string(),
  language: z.string().nullable(),
  contact: z.object({ id: z.string(), name: z.string().nullable() }),
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  pendingSince: iso.nullable(),
  lastActivityAt: iso,
  lastMessage: z.object({ text: z.string().nullable(), senderType: z.string(), type: z.string(), createdAt: iso }).nullable(),
  unread: z.number().int(),
});

export const messageSchema = z.object({
  id: z.string(),
  seq: z.number().int(),
  type: z.string(),
  private: z.boolean(),
  senderType: z.string(),
  staff: z.object({ id: z.string(), name: z.string() }).nullable(),
  text: z.string().nullable(),
  language: z.string().nullable(),
  original: z.object({ language: z.string(), text: z.string() }).nullable(),
  cannedResponseId: z.string().nullable(),
  buttons: z.array(z.object({ title: z.string(), value: z.string() })),
  attachments: z.array(z.unknown()),
  deliveryStatus: z.string(),
  createdAt: iso,
  languageMismatch: z.boolean().optional(),
});

export const cannedSchema = z.object({
  id: z.string(),
  shortCode: z.string(),
  global: z.boolean(),
  texts: z.object({ el: z.string(), en: z.string().optional(), ar: z.string().optional(), fa: z.string().optional(), uk: z.string().optional(), fr: z.string().optional() }),
});

export const referralSchema = z.object({ id: z.string(), serviceKey: z.string(), serviceName: z.string(), status: z.string(), note: z.string().nullable(), createdAt: iso, updatedAt: iso });

export const listSchema = z.object({ conversations: z.array(summarySchema), counts: z.record(z.string(), z.number().int()) });

export const detailSchema = summarySchema.extend({
  messages: z.array(messageSchema),
  cases: z.array(z.object({ id: z.string(), status: z.string(), needs: z.array(z.string()), intake: z.unknown(), createdAt: iso, updatedAt: iso })),
  appointments: z.array(z.object({ id: z.string(), startsAt: iso, endsAt: iso, status: z.string(), location: z.string(), reason: z.string().nullable() })),
  consents: z.array(z.object({ id: z.string(), kind: z.string(), noticeVersion: z.string(), granted: z.boolean(), withdrawnAt: iso.nullable(), createdAt: iso })),
  referrals: z.array(referralSchema),
});

export const sentSchema = z.object({ message: messageSchema, languageMismatch: z.boolean(), suggestions: z.array(cannedSchema) });

export const staffSchema = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), active: z.boolean(), lastLoginAt: iso.nullable() });

export const directorySchema = z.object({
  entries: z.array(
    z.object({ key: z.string(), name: z.string(), nameEn: z.string().nullable(), category: z.string(), phone: z.string().nullable(), email: z.string().nullable(), address: z.string().nullable(), url: z.string().nullable(), notes: z.string().nullable() }),
  ),
});

/** RFC 9457 problem details (every 4xx/5xx). */
export const problemSchema = z.object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), code: z.string() }).loose();
