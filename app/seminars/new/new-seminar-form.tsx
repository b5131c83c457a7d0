"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { api, ApiError } from "@/lib/client/api";
import type { SeminarView } from "@/lib/domain/seminars/present";

export function NewSeminarForm({ readings, initialReadingId }: { readings: { id: string; label: string }[]; initialReadingId?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const closes = String(f.get("closesAt") || "");
        setBusy(true);
        setError(null);
        try {
          const s = await api<SeminarView>("/api/v1/seminars", {
            body: {
              title: String(f.get("title")),
              readingId: String(f.get("readingId")),
              description: String(f.get("description") || "") || null,
              closesAt: closes ? new Date(closes).toISOString() : null,
            },
          });
          router.push(`/seminars/${s.id}`);
        } catch (err) {
          setError(err instanceof ApiError ? err.message : "Something went wrong.");
          setBusy(false);
        }
      }}
    >
      <label className="field">
        <span>Title</span>
        <input name="title" required maxLength={200} placeholder="Week 3: The Sino-Soviet alliance" autoFocus />
      </label>
      <label className="field">
        <span>Reading</span>
        <select name="readingId" required defaultValue={initialReadingId ?? readings[0]?.id}>
          {readings.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Description (optional)</span>
        <textarea name="description" rows={3} maxLength={4000} placeholder="What should students look for while they read?" />
      </label>
      <label className="field">
        <span>Closes (optional)</span>
        <input name="closesAt" type="datetime-local" />
        <small>After this time students can still read, but not write.</small>
      </label>
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
      <button className="button" type="submit" disabled={busy || readings.length === 0}>
        {busy ? "Creating…" : "Create seminar"}
      </button>
    </form>
  );
}
