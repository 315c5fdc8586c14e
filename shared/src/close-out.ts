// Close-out vocabulary shared by the API and the console. No zod here, so the browser bundle can
// import it without pulling in the schema library.

/** What a technician found as the cause of the failure (or that there was none). */
export const CAUSE_CODES = [
  'bearing_wear',
  'lubrication',
  'misalignment',
  'imbalance',
  'looseness',
  'cavitation',
  'seal_leak',
  'electrical',
  'overheating',
  'contamination',
  'no_fault_found',
  'other',
] as const;
export type CauseCode = (typeof CAUSE_CODES)[number];

/** Image types accepted as a close-out photo. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

/** Decoded photo bytes accepted with a close-out (the request body limit caps it too). */
export const MAX_PHOTO_BYTES = 600 * 1024;
