import { z } from 'zod';

/** Integer env var with a default; `0` is meaningful (turns a limit off). */
export const int = (def: number, min = 0) => z.coerce.number().int().min(min).default(def);
export const bool = (def: boolean) => z.stringbool().default(def);
export const list = (def: string) =>
  z
    .string()
    .default(def)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    );
