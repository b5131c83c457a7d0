// A notification as its recipient sees it: names per the seminar's setting, no excerpt of a
// deleted comment or (for students) a hidden one, a plain-text excerpt, a link to the thread.
import { describe, expect, it } from "vitest";
import { plainExcerpt, presentNotification, type NotificationRow } from "@/lib/domain/notifications/present";

const row = (over: Partial<NotificationRow> = {}): NotificationRow => ({
  id: "n1",
  user_id: "u-ann",
  kind: "MENTION",
  seminar_id: "s1",
  seminar_title: "Week 4",
  name_visibility: "SHOWN",
  recipient_role: "STUDENT",
  actor_id: "u-bob",
  actor_name: "Bob Okafor",
  actor_role: "STUDENT",
  actor_pseudonym: 2,
  thread_id: "t1",
  comment_id: "c1",
  paragraph_number: 7,
  body: "Look at **this**, @ann.lee.",
  deleted_at: null,
  hidden_at: null,
  created_at: new Date("2026-11-27T04:00:00Z"),
  read_at: null,
  ...over,
});

describe("presentNotification", () => {
  it("shows who, what, where, and links to the thread in the room", () => {
    expect(presentNotification(row())).toEqual({
      id: "n1",
      kind: "mention",
      seminar: { id: "s1", title: "Week 4" },
      actor: { name: "Bob Okafor" },
      threadId: "t1",
      commentId: "c1",
      paragraphNumber: 7,
      excerpt: "Look at this, @ann.lee.",
      createdAt: "2026-11-27T04:00:00.000Z",
      readAt: null,
      link: "/seminars/s1?thread=t1#p-7",
    });
  });

  it("names a student as Student N to a student where names are hidden, but not to an instructor, and never an instructor", () => {
    expect(presentNotification(row({ name_visibility: "HIDDEN_FROM_STUDENTS" })).actor.name).toBe("Student 2");
    expect(presentNotification(row({ name_visibility: "HIDDEN_FROM_STUDENTS", recipient_role: "INSTRUCTOR" })).actor.name).toBe("Bob Okafor");
    expect(presentNotification(row({ name_visibility: "HIDDEN_FROM_STUDENTS", actor_role: "INSTRUCTOR", actor_name: "Ada" })).actor.name).toBe("Ada");
    expect(presentNotification(row({ actor_name: null, actor_role: null, actor_pseudonym: null })).actor.name).toBe("Former member");
  });

  it("gives no excerpt of a deleted comment, nor of a hidden one to a student, even if a body slipped through", () => {
    expect(presentNotification(row({ deleted_at: new Date() })).excerpt).toBeNull();
    expect(presentNotification(row({ hidden_at: new Date() })).excerpt).toBeNull();
    expect(presentNotification(row({ hidden_at: new Date(), recipient_role: "INSTRUCTOR" })).excerpt).toBe("Look at this, @ann.lee.");
    expect(presentNotification(row({ body: null })).excerpt).toBeNull();
  });
});

describe("plainExcerpt", () => {
  it("strips Markdown to one line of text", () => {
    expect(plainExcerpt("# Heading\n\n> quoted *text* and [a link](https://example.org)\n\n- item `code`")).toBe("Heading quoted text and a link item code");
  });

  it("cuts long text at a word with an ellipsis", () => {
    const long = "word ".repeat(60);
    const out = plainExcerpt(long, 40);
    expect(out.endsWith("…")).toBe(true);
    expect(out.length).toBeLessThanOrEqual(41);
    expect(out).not.toMatch(/wor…$/);
  });
});
