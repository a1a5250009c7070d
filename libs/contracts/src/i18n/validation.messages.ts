/** Texts of validation messages and field labels. Keys start with `validation.`. */
export const validationZh = {} as const;

export const validationEn: Record<keyof typeof validationZh, string> = {};
