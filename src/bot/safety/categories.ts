/**
 * The dangers the emergency check looks for. `suicide` includes self-harm; `emergency` is any
 * other danger to life (fire, gas, "save me", a stranger attacking): 112 answers it.
 */
export const DANGER_CATEGORIES = ['violence', 'suicide', 'child', 'medical', 'emergency'] as const;
export type DangerCategory = (typeof DANGER_CATEGORIES)[number];

/** Whose help lines a reply lists first when a message signals several dangers. */
export const REPLY_PRIORITY: readonly DangerCategory[] = ['medical', 'emergency', 'violence', 'child', 'suicide'];
