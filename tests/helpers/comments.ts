import { htmlText } from "@/lib/client/html-text";

/**
 * A comment's text as any viewer can read it: from its html (the Markdown `body` comes only with
 * one's own comments); null once deleted.
 */
export const textOf = (c: { html: string | null }): string | null => (c.html === null ? null : htmlText(c.html).trim());
