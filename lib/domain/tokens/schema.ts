import { z } from "zod";

export const createTokenInput = z
  .object({ name: z.string().trim().min(1, "is required").max(60, "must be at most 60 characters") })
  .strict();
export type CreateTokenInput = z.infer<typeof createTokenInput>;
