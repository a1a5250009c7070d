/** Texts of alert, digest, reminder and visitor emails. Keys start with `email.`. */
export const emailZh = {} as const;

export const emailEn: Record<keyof typeof emailZh, string> = {};
