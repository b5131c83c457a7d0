// Thread and comment inputs, shared by the room's forms and the API. Safe in the browser.
import { z } from "zod";
import { id } from "@/lib/domain/seminars/schema";
import { MAX_COMMENT_CHARS } from "@/lib/markdown/render";

export const REACTION_KINDS = ["agree", "question", "insight", "confused"] as const;
export type ReactionKindWire = (typeof REACTION_KINDS)[number];
export const reactionKind = z.enum(REACTION_KINDS, { message: `must be one of ${REACTION_KINDS.join(", ")}` });

export const commentBody = z
  .string({ error: "is required" })
  .max(MAX_COMMENT_CHARS, `must be at most ${MAX_COMMENT_CHARS.toLocaleString("en")} characters`)
  .refine((s) => s.trim().length > 0, "is empty");

/** Chosen by the client (a UUID is ideal); repeating it returns the first comment instead of a second. */
export const clientId = z
  .string()
  .min(8, "must be at least 8 characters")
  .max(64, "must be at most 64 characters")
  .regex(/^[A-Za-z0-9_-]+$/, "must be letters, digits, _ or -");

/** A passage inside a paragraph: TextQuoteSelector (exact, prefix, suffix) + TextPositionSelector (start, end). */
export const passage = z
  .object({
    exact: z.string().min(1, "is empty").max(2000, "must be at most 2000 characters"),
    prefix: z.string().max(64).default(""),
    suffix: z.string().max(64).default(""),
    start: z.number().int().min(0),
    end: z.number().int().min(1),
  })
  .strict()
  .refine((p) => p.end > p.start && p.end - p.start === p.exact.length, { message: "end - start must equal the length of exact", path: ["end"] });
export type PassageInput = z.infer<typeof passage>;

export const THREAD_KINDS = ["discussion", "prompt"] as const;
/** "prompt": a question an instructor poses for students to answer (instructors only). */
export const threadKind = z.enum(THREAD_KINDS, { message: `must be one of ${THREAD_KINDS.join(", ")}` });

export const createThreadInput = z
  .object({ paragraphId: id, passage: passage.optional(), body: commentBody, clientId: clientId.optional(), kind: threadKind.optional() })
  .strict();
export type CreateThreadInput = z.input<typeof createThreadInput>;

export const createCommentInput = z.object({ body: commentBody, clientId: clientId.optional() }).strict();
export type CreateCommentInput = z.infer<typeof createCommentInput>;

export const editCommentInput = z.object({ body: commentBody }).strict();
export type EditCommentInput = z.infer<typeof editCommentInput>;

export const updateThreadInput = z.object({ resolved: z.boolean() }).strict();
export type UpdateThreadInput = z.infer<typeof updateThreadInput>;

export const eventsQuery = z.object({
  after: z.coerce.number().int().min(0, "must be 0 or more").max(2 ** 31 - 1).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

/** Volatile "… is replying" signal; never stored. */
export const typingInput = z
  .object({ seminarId: id, threadId: id.optional(), paragraphId: id.optional() })
  .strict()
  .refine((t) => t.threadId || t.paragraphId, { message: "needs threadId or paragraphId" });
export type TypingInput = z.infer<typeof typingInput>;

/** The most threads one page of GET /seminars/:id/threads holds (documented in docs/api.md). */
export const MAX_THREADS_PAGE = 50;

/** GET /seminars/:id/threads?paragraph=N&cursor=...&limit=n: one page, in the room's order. */
export const threadsQuery = z.object({
  /** A paragraph's number (1-based, as in the margin); without it, every paragraph in order. */
  paragraph: z.coerce.number({ error: "must be a paragraph number" }).int("must be a paragraph number").min(1, "must be 1 or more").max(100_000).optional(),
  /** Opaque: the `nextCursor` of the previous page, as it was given. */
  cursor: z.string().min(1, "is empty").max(500, "is not a cursor from this list").optional(),
  limit: z.coerce.number({ error: "must be a number" }).int().min(1, "must be 1 or more").max(MAX_THREADS_PAGE, `must be at most ${MAX_THREADS_PAGE}`).default(MAX_THREADS_PAGE),
});
export type ThreadsQuery = z.infer<typeof threadsQuery>;
