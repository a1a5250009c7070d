/** Texts of the public form page, embed.js, thank-you and result pages. Keys start with `form.`. */
export const formZh = {} as const;

export const formEn: Record<keyof typeof formZh, string> = {};
