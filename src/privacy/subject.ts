import { createHash } from 'node:crypto';

/**
 * The opaque reference the audit log uses for a citizen: a hash of the contact id, never the id
 * itself. After an erasure no row holds the contact id, so nothing links the reference back to
 * a person; while the contact exists, the same reference ties its exports and its erasure
 * together ("was contact X erased?" is answered by hashing X).
 */
export function subjectRef(contactId: string): string {
  return `subj_${createHash('sha256').update(`kentro:subject:${contactId}`).digest('hex').slice(0, 32)}`;
}
