"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import type { ReadingSummary } from "@/lib/domain/readings/present";
import { MAX_IMPORT_CHARS } from "@/lib/domain/readings/schema";
import { ImportPreview, type Preview } from "./import-preview";

type Format = "text" | "markdown" | "html";

const MAX_FILE_BYTES = 2 * 1024 * 1024;

function formatOf(name: string): Format | null {
  if (/\.txt$/i.test(name)) return "text";
  if (/\.(md|markdown)$/i.test(name)) return "markdown";
  if (/\.html?$/i.test(name)) return "html";
  return null;
}

export function ImportForm() {
  const router = useRouter();
  const [content, setContent] = useState("");
  const [format, setFormat] = useState<Format>("text");
  const [title, setTitle] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const body = () => ({ content, format, ...(title.trim() ? { title: title.trim() } : {}) });

  async function run(what: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Something went wrong.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="import">
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => setPreview(await api<Preview>("/api/v1/readings/preview", { body: body() })));
        }}
      >
        <label className="field">
          <span>File (optional)</span>
          <input
            type="file"
            accept=".txt,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
            onChange={async (e) => {
              const file = e.currentTarget.files?.[0];
              if (!file) return;
              const f = formatOf(file.name);
              if (!f) return setError("Choose a .txt, .md or .html file.");
              if (file.size > MAX_FILE_BYTES) return setError(`That file is ${(file.size / 1048576).toFixed(1)} MB; the limit is 2 MB.`);
              setError(null);
              setFormat(f);
              setContent(await file.text());
              setPreview(null);
            }}
          />
        </label>
        <label className="field">
          <span>Text</span>
          <textarea
            value={content}
            onChange={(e) => {
              setContent(e.target.value);
              setPreview(null);
            }}
            rows={14}
            maxLength={MAX_IMPORT_CHARS}
            required
            placeholder={"Author 1952\n\nTitle of the piece\n\nSource: Where it was published.\n\nFirst paragraph…\n\nSecond paragraph…"}
          />
        </label>
        <div className="form-row">
          <label className="field">
            <span>Format</span>
            <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              <option value="text">Plain text</option>
              <option value="markdown">Markdown</option>
              <option value="html">HTML</option>
            </select>
          </label>
          <label className="field">
            <span>Title (if the text has none)</span>
            <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
          </label>
        </div>
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <button className="button" type="submit" disabled={busy || !content.trim()}>
          {busy && !preview ? "Reading…" : "Preview"}
        </button>
      </form>

      {preview ? (
        <ImportPreview preview={preview}>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() =>
              run(async () => {
                const r = await api<ReadingSummary>("/api/v1/readings", { body: body() });
                router.push(`/seminars/new?reading=${r.id}`);
              })
            }
          >
            {busy ? "Saving…" : "Save reading and open a seminar on it"}
          </button>
        </ImportPreview>
      ) : null}
    </div>
  );
}
