// Account inputs, shared by the sign-up/account forms and the API.
import { z } from "zod";

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 200;

/** Trimmed and lower-cased, so "Ada@Example.org " and "ada@example.org" are one account. */
export const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, "must be at most 254 characters")
  .pipe(z.email("must be an email address like name@example.org"));

export const password = z
  .string()
  .min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`);

export const displayName = z
  .string()
  .trim()
  .min(1, "is required")
  .max(80, "must be at most 80 characters")
  .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), "must not contain control characters");

export const signUpInput = z.object({ email, password, name: displayName }).strict();
export type SignUpInput = z.infer<typeof signUpInput>;

export const updateAccountInput = z
  .object({
    name: displayName.optional(),
    /** Needed to change the password. */
    currentPassword: z.string().max(PASSWORD_MAX).optional(),
    newPassword: password.optional(),
  })
  .strict()
  .refine((v) => !v.newPassword || v.currentPassword, { message: "is required to set a new password", path: ["currentPassword"] });
export type UpdateAccountInput = z.infer<typeof updateAccountInput>;

export const signInInput = z.object({ email, password: z.string().min(1, "is required").max(PASSWORD_MAX).refine((v) => !v.includes("\u0000")) });

export const deleteAccountInput = z
  .object({
    /** The account's password, confirmed once more. */
    password: z.string().min(1, "is required").max(PASSWORD_MAX),
    /** "keep": comments stay, shown as "Former member"; "delete": they become deleted-comment placeholders. */
    comments: z.enum(["keep", "delete"], { message: 'must be "keep" or "delete"' }),
  })
  .strict();
export type DeleteAccountInput = z.infer<typeof deleteAccountInput>;
