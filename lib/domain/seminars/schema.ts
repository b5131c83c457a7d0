// Seminar inputs, shared by the pages' forms and the API. Roles and the name setting travel
// in lower case on the wire ("instructor", "hidden_from_students").
import { z } from "zod";

export const ROLES = ["instructor", "student"] as const;
export type Role = (typeof ROLES)[number];
export const NAME_VISIBILITIES = ["shown", "hidden_from_students"] as const;
export type NameVisibilityWire = (typeof NAME_VISIBILITIES)[number];

/** Join codes: no 0/O, 1/I/L look-alikes, so a code read aloud or copied by hand still works. */
export const JOIN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
export const JOIN_CODE_LENGTH = 10;

export const id = z
  .string()
  .trim()
  .min(1, "is required")
  .max(64, "is not a valid id")
  .regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");

const closesAt = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time like 2026-12-01T18:00:00Z" })
  .refine((v) => {
    const year = new Date(v).getUTCFullYear();
    return year >= 2000 && year <= 9999;
  }, "must be a date between the years 2000 and 9999")
  .nullable()
  .optional();

export const createSeminarInput = z
  .object({
    title: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
    readingId: id,
    description: z.string().trim().max(4000, "must be at most 4000 characters").nullable().optional(),
    closesAt,
  })
  .strict();
export type CreateSeminarInput = z.infer<typeof createSeminarInput>;

export const updateSeminarInput = z
  .object({
    title: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters").optional(),
    description: z.string().trim().max(4000, "must be at most 4000 characters").nullable().optional(),
    closesAt,
    /** true closes the seminar now (read-only for students); false reopens it. */
    closed: z.boolean().optional(),
    nameVisibility: z.enum(NAME_VISIBILITIES).optional(),
    /** Whether students may export the whole transcript (as they see it); otherwise only their own comments. */
    studentsMayExport: z.boolean().optional(),
  })
  .strict();
export type UpdateSeminarInput = z.infer<typeof updateSeminarInput>;

export const joinInput = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .min(8, "must be at least 8 characters")
      .max(32, "is too long")
      .regex(/^[A-Z0-9]+$/, "must be letters and digits"),
  })
  .strict();
export type JoinInput = z.infer<typeof joinInput>;

export const updateMemberInput = z.object({ role: z.enum(ROLES) }).strict();
export type UpdateMemberInput = z.infer<typeof updateMemberInput>;
