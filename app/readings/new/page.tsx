import type { Metadata } from "next";
import { requirePageActor } from "@/lib/pages/guards";
import { ImportForm } from "./import-form";

export const metadata: Metadata = { title: "Import a reading" };
export const dynamic = "force-dynamic";

export default async function ImportReadingPage() {
  await requirePageActor("/readings/new");
  return (
    <div className="page">
      <h1 className="page-title">Import a reading</h1>
      <p className="lede">
        Paste the text, or upload a .txt, .md or .html file. Blank lines separate paragraphs; opening lines like &ldquo;Author 1952&rdquo;, &ldquo;*by Marta
        Quill, 1968*&rdquo;, the title and &ldquo;Source: …&rdquo; become its details; a short lead-in ending in a colon (&ldquo;Economic Build-Up:&rdquo;) becomes a
        paragraph heading. Markdown keeps bold, italics, code and links, and list items and quotations become paragraphs of their own. Check the preview (it
        warns about markup that would be left over), then save.
      </p>
      <ImportForm />
    </div>
  );
}
