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
        Paste the text, or upload a .txt, .md or .html file. Blank lines separate paragraphs; opening lines like &ldquo;Author 1952&rdquo;, the title and
        &ldquo;Source: …&rdquo; become its details; a short lead-in ending in a colon (&ldquo;Economic Build-Up:&rdquo;) becomes a paragraph heading. Check the preview,
        then save.
      </p>
      <ImportForm />
    </div>
  );
}
