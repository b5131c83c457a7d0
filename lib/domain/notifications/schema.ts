// Notification inputs and kinds, shared by the pages and the API (browser-safe: no server code).
// Kinds travel in lower case on the wire ("reply"); the database enum is upper case.
import { z } from "zod";
import { id } from "@/lib/domain/seminars/schema";

export const NOTIFICATION_KINDS = ["reply", "mention", "reaction", "endorsement"] as const;
export type NotificationKindWire = (typeof NOTIFICATION_KINDS)[number];

/** What each kind is, in words, for the preferences form and the docs. */
export const KIND_LABELS: Record<NotificationKindWire, string> = {
  reply: "Someone replies in a thread you took part in",
  mention: "Someone mentions you with @",
  reaction: "Someone reacts to your comment",
  endorsement: "An instructor endorses your comment",
};

/** Which kinds a person wants: all four, each true or false (PUT replaces the whole set). */
export const notificationPreferencesInput = z
  .object({
    reply: z.boolean(),
    mention: z.boolean(),
    reaction: z.boolean(),
    endorsement: z.boolean(),
  })
  .strict();
export type NotificationPreferences = z.infer<typeof notificationPreferencesInput>;

/** Mark some of your notifications read ({ ids }) or all of them ({ all: true }). */
export const markReadInput = z
  .object({
    ids: z.array(id).min(1, "must name at least one notification").max(500, "must name at most 500 notifications").optional(),
    all: z.literal(true, { message: "must be true when given" }).optional(),
  })
  .strict()
  .refine((v) => (v.ids === undefined) !== (v.all === undefined), { message: "send either ids or all: true", path: ["ids"] });
export type MarkReadInput = z.infer<typeof markReadInput>;

/** GET /api/v1/notifications?unread=true&before=<cursor>&limit=<n> */
export const listNotificationsQuery = z
  .object({
    unread: z.enum(["true", "false"], { message: 'must be "true" or "false"' }).optional(),
    before: id.optional(),
    limit: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(100, "must be 100 or less").default(20),
  })
  .strict();
export type ListNotificationsQuery = z.infer<typeof listNotificationsQuery>;
