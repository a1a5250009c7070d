/** Texts of the staff board and lead page (server and browser). Keys start with `board.`. */
export const boardZh = {} as const;

export const boardEn: Record<keyof typeof boardZh, string> = {};
