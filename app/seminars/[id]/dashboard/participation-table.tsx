"use client";

// Who is taking part: one row per member, sortable by any column (click or Enter/Space on a
// header; aria-sort says which). A name opens the room showing only that member's threads.
import Link from "next/link";
import { useMemo, useState } from "react";
import type { ParticipantStats } from "@/lib/domain/stats/schema";
import type { TimeFormat } from "./charts";

type Column = "name" | "threadsStarted" | "replies" | "words" | "reactionsReceived" | "paragraphs" | "lastActive";
type Direction = "ascending" | "descending";

const COLUMNS: { key: Column; label: string; numeric: boolean; hint?: string }[] = [
  { key: "name", label: "Member", numeric: false },
  { key: "threadsStarted", label: "Threads started", numeric: true },
  { key: "replies", label: "Replies", numeric: true },
  { key: "words", label: "Words", numeric: true },
  { key: "reactionsReceived", label: "Reactions received", numeric: true, hint: "from others" },
  { key: "paragraphs", label: "Paragraphs", numeric: true, hint: "distinct" },
  { key: "lastActive", label: "Last active", numeric: false },
];

function value(p: ParticipantStats, c: Column): number | string {
  if (c === "name") return p.name.toLocaleLowerCase();
  if (c === "lastActive") return p.lastActive ? Date.parse(p.lastActive) : -Infinity;
  return p[c];
}

export function ParticipationTable({ seminarId, rows, format }: { seminarId: string; rows: ParticipantStats[]; format: TimeFormat }) {
  const [sort, setSort] = useState<{ column: Column; direction: Direction } | null>(null);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const sign = sort.direction === "ascending" ? 1 : -1;
    return [...rows].sort((a, b) => {
      const [x, y] = [value(a, sort.column), value(b, sort.column)];
      const d = x < y ? -1 : x > y ? 1 : 0;
      return d * sign || a.name.localeCompare(b.name);
    });
  }, [rows, sort]);
  const toggle = (column: Column, numeric: boolean) =>
    setSort((s) =>
      s?.column === column
        ? { column, direction: s.direction === "ascending" ? "descending" : "ascending" }
        : // numbers and dates start with the most, names with A
          { column, direction: numeric || column === "lastActive" ? "descending" : "ascending" },
    );
  const quiet = rows.filter((r) => r.role === "student" && r.threadsStarted + r.replies === 0).length;

  return (
    <div className="table-scroll">
      <table className="table participation" data-testid="participation">
        <caption className="visually-hidden">Participation per member. Column headers sort the table.</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort?.column === c.key;
              return (
                <th key={c.key} scope="col" aria-sort={active ? sort!.direction : "none"} className={c.numeric ? "num" : undefined}>
                  <button type="button" className="sort-button" onClick={() => toggle(c.key, c.numeric)}>
                    {c.label}
                    {c.hint ? <span className="visually-hidden"> ({c.hint})</span> : null}
                    <span className="sort-mark" aria-hidden="true">
                      {active ? (sort!.direction === "ascending" ? "▲" : "▼") : "↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((p) => {
            const silent = p.threadsStarted + p.replies === 0;
            return (
              <tr key={p.key} className={silent ? "row-quiet" : undefined} data-member={p.key}>
                <th scope="row">
                  <Link href={`/seminars/${seminarId}?author=${p.key}`} title={`Open the room showing ${p.name}'s threads`}>
                    {p.name}
                  </Link>
                  {p.role === "instructor" ? <span className="badge badge-instructor">instructor</span> : null}
                </th>
                <td className="num">{p.threadsStarted}</td>
                <td className="num">{p.replies}</td>
                <td className="num">{p.words.toLocaleString("en")}</td>
                <td className="num">{p.reactionsReceived}</td>
                <td className="num">{p.paragraphs}</td>
                <td>{p.lastActive ? <time dateTime={p.lastActive}>{format(p.lastActive, true)}</time> : <span className="muted">never</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {quiet ? (
        <p className="muted table-note">
          {quiet === 1 ? "1 student has" : `${quiet} students have`} not written anything yet (shown faded).
        </p>
      ) : null}
    </div>
  );
}
