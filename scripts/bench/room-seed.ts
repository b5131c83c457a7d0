// The seminar that `npm run bench:room` measures, built with a handful of set-based statements
// (INSERT … SELECT generate_series) straight into a fresh database, so 5,000 comments take
// seconds, not the minutes the API would need. What it writes is what the services write:
// comments carry seminar_id, every thread and reply has its seminar_events row in time order,
// and seminars.last_seq is the last of them, so the room's gap detection and replay see a
// seminar that got here through the app. Columns it does not name keep their defaults, so the
// seed outlives a column a later migration adds: stored comment HTML (comments.html) stays NULL
// here, as on rows from before that column, which the app renders and stores on the first read
// that meets them; bench:room's untimed warm-up GET is that read.
import pg from "pg";

export const SEED = {
  students: 150,
  paragraphs: 60,
  comments: 5000,
  /** The busiest paragraph: BUSY_COMMENTS comments in BUSY_THREADS threads. */
  busyParagraph: 7,
  busyThreads: 80,
  busyComments: 400,
  /** Threads on the other 59 paragraphs (about 78 comments each). */
  otherThreads: 920,
  password: "bench-room-password",
  seminarId: "brs",
  seminarTitle: "Bench room: week 9",
  instructor: { id: "bru0", name: "Ada Instructor", email: "instructor@bench-room.example.org" },
} as const;

export const studentEmail = (i: number) => `student${i}@bench-room.example.org`;
/** Student i's API token: fixed and known, so the flood writers need no sign-in. Only its sha256 is stored. */
export const studentToken = (i: number) => `col_bench-room-student-${i}`;

const FIRST = ["Amara", "Bruno", "Chen", "Dalia", "Emeka", "Freya", "Goran", "Hana", "Ines", "Jonas", "Kavya", "Luca", "Mei", "Nadia", "Omar", "Priya", "Quentin", "Rosa", "Sami", "Tove"];
const LAST = ["Abara", "Bianchi", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quispe", "Rossi", "Silva", "Tanaka", "Umarov", "Varga", "Weber"];

// Prose for the reading: each paragraph strings 4-5 of these together (about 600-900 characters).
const SENTENCES = [
  "The army that emerged from the civil war was no longer a guerrilla force living off the countryside, but a standing body with its own schools, depots and chains of command.",
  "Observers in the capital noted that the reorganisation followed a pattern familiar from the Soviet experience of the nineteen-twenties, adapted to a peasant country of enormous size.",
  "Yet the pace of change was uneven: divisions in the north received artillery and instructors within months, while those in the south waited years for rifles of a single calibre.",
  "Much of the debate turned on a simple question, namely whether modern equipment could be absorbed faster than the officers who were supposed to command it could be trained.",
  "The correspondents who travelled with the columns wrote of long marches, of villages emptied and refilled, and of a discipline that surprised even those who expected it.",
  "Economic planners, for their part, treated the army as one claimant among many on scarce steel, fuel and rolling stock, and they did not always win the argument.",
  "It would be a mistake to read these figures as precise; they were estimates, repeated from one dispatch to the next until they acquired an authority they never deserved.",
  "What mattered more than numbers was the relationship between the political commissars and the professional officers, a relationship that shifted with every campaign.",
  "The writer returns more than once to the theme of dependence, suggesting that every shipment of arms carried with it an obligation that would be remembered later.",
  "Critics at the time objected that this account gave too little weight to domestic pressures, to harvests and prices and the mood of the cities.",
  "In the border provinces the new garrisons were also administrators, collecting grain, settling disputes and running schools where none had existed before.",
  "The essay closes this part of the argument with a comparison that readers have found either illuminating or strained, depending on what they brought to it.",
  "Several of the claims rest on interviews with unnamed officials, which makes them hard to check and easy to dismiss, though later archives bore some of them out.",
  "Behind the language of fraternal assistance lay a hard bargain over ports, railways and mineral rights, struck by negotiators who distrusted one another.",
  "The passage is often quoted out of context, as if it were a prediction, when in fact it describes a set of conditions the author thought unlikely to last.",
  "By the end of the period the force had doubled in size, and the question of who would pay for it had become the central question of the alliance.",
];

// Comment bodies: an opening, an elaboration with inline Markdown, and on some a list, a quote or
// a link, so the renderer does the work real comments give it (200-700 characters).
const OPENINGS = [
  "I think the key move in this paragraph is the shift from *capacity* to *dependence*.",
  "Does anyone else read this as ironic? The tone seems to undercut the claim it makes.",
  "This is where the argument felt weakest to me, and I am not sure the evidence supports it.",
  "Building on the point above: the author never says who actually made these estimates.",
  "I was struck by how much of this depends on the reports of foreign correspondents.",
  "Quick question about the dates here - are these figures from before or after the reorganisation?",
  "Agree with most of this thread, but I would push back on the idea that it was inevitable.",
  "The comparison with the nineteen-twenties is doing a lot of work in this passage.",
  "For me this is the most important sentence in the whole reading.",
  "I found this paragraph confusing on first read; the second read helped a little.",
  "Interesting that the economic side gets so little space compared to the military one.",
  "Can we connect this to what we discussed last week about the railways?",
];
const MIDDLES = [
  "The phrase **\"fraternal assistance\"** is carrying an obligation that only shows up later, and I think that is the author's real point.",
  "If you look at the numbers again, they are *estimates repeated from dispatch to dispatch*, which the text itself admits a few lines on.",
  "There is a tension between the commissars and the officers that the author names but never resolves, and it matters for the conclusion.",
  "My reading: the author wants us to see the garrisons as administrators first and soldiers second, which changes what \"strength\" means.",
  "Compare the way the south is described with the north: same army, very different **material conditions**, and the text does not hide it.",
  "I would like to see the sources for this; the footnote points to interviews we cannot check, and that should make us careful.",
  "The argument works if you accept the premise about steel and fuel, but the planners' side of the story is mostly missing here.",
  "What convinced me was the detail about rifles of a single calibre - small, concrete, and easy to verify against other accounts.",
];
const EXTRAS = [
  "> Yet the pace of change was uneven\n\nThis line is the hinge of the paragraph for me.",
  "Three things I noticed:\n\n- the dates are vague\n- the sources are unnamed\n- the conclusion is stated as fact",
  "See also [the editor's note](https://example.org/notes/army) on where these figures come from.",
  "1. capacity\n2. dependence\n3. obligation\n\nIs that the order the author intends?",
  "Not sure. Maybe we can ask about it in class on Thursday?",
  "> It would be a mistake to read these figures as precise\n\nExactly - so why build the argument on them?",
];

const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ")}]::text[]`;

/** Seeds the bench seminar into `databaseUrl` (migrated, empty); `passwordHash` is one argon2 hash for everyone. */
export async function seedRoom(databaseUrl: string, passwordHash: string): Promise<{ busyThreadIds: string[]; otherThreadIds: string[]; lastSeq: number }> {
  const { students, paragraphs, busyParagraph, busyThreads, busyComments, otherThreads, comments, seminarId } = SEED;
  const threads = busyThreads + otherThreads;
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // People: the instructor (bru0) and students bru1…bru150, one password hash for all.
    await client.query(
      `INSERT INTO users (id, email, name, password_hash, updated_at)
       SELECT 'bru' || i,
              CASE WHEN i = 0 THEN $2 ELSE 'student' || i || '@bench-room.example.org' END,
              CASE WHEN i = 0 THEN $3 ELSE (${sqlArray(FIRST)})[1 + i % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (i / ${FIRST.length}) % ${LAST.length}] END,
              $1, now()
       FROM generate_series(0, ${students}) i`,
      [passwordHash, SEED.instructor.email, SEED.instructor.name],
    );
    await client.query(
      `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix)
       SELECT 'brk' || i, 'bru' || i, 'bench:room', encode(sha256(convert_to('col_bench-room-student-' || i, 'UTF8')), 'hex'), 'col_bench-'
       FROM generate_series(1, ${students}) i`,
    );
    // The reading: 60 paragraphs of 5-7 sentences each.
    await client.query(
      `INSERT INTO readings (id, slug, title, author, year, source, created_by_id)
       VALUES ('brr', 'bench-room-reading', 'The Army and the Alliance', 'A. Correspondent', 1952, 'Bench material, generated', 'bru0')`,
    );
    await client.query(
      `INSERT INTO paragraphs (id, reading_id, position, text, content_hash)
       SELECT 'brp' || p, 'brr', p, t, encode(sha256(convert_to(t, 'UTF8')), 'hex')
       FROM (SELECT p, (SELECT string_agg((${sqlArray(SENTENCES)})[1 + (p * 5 + k * 3) % ${SENTENCES.length}], ' ' ORDER BY k)
                        FROM generate_series(1, 4 + p % 2) k) AS t
             FROM generate_series(1, ${paragraphs}) p) x`,
    );
    await client.query(
      `INSERT INTO seminars (id, title, description, reading_id, join_code, next_pseudonym)
       VALUES ($1, $2, 'A large seminar for npm run bench:room.', 'brr', 'BENCHROOM', ${students + 1})`,
      [seminarId, SEED.seminarTitle],
    );
    await client.query(
      `INSERT INTO memberships (seminar_id, user_id, role, pseudonym, joined_at)
       SELECT $1, 'bru' || i, CASE WHEN i = 0 THEN 'INSTRUCTOR' ELSE 'STUDENT' END::"SeminarRole", i,
              timestamp '2026-10-01' + i * interval '1 minute'
       FROM generate_series(0, ${students}) i`,
      [seminarId],
    );
    // Threads 0-79 on the busiest paragraph, the rest spread over the other 59. Every 5th on a
    // passage (offsets 40-100 of the paragraph's text, prefix and suffix as the client sends
    // them), every 6th resolved, a few locked, pinned, or prompts from the instructor.
    await client.query(
      `INSERT INTO threads (id, seminar_id, paragraph_id, created_by_id, created_at, kind, resolved_at, resolved_by_id, locked_at, pinned_at,
                            quote_exact, quote_prefix, quote_suffix, quote_start, quote_end)
       SELECT 'brt' || i, $1, 'brp' || pos, CASE WHEN i % 97 = 3 THEN 'bru0' ELSE 'bru' || (1 + (i * 37) % ${students}) END,
              timestamp '2026-11-01' + i * interval '23 minutes',
              CASE WHEN i % 97 = 3 THEN 'PROMPT' ELSE 'DISCUSSION' END::"ThreadKind",
              CASE WHEN i % 6 = 1 THEN timestamp '2026-11-29' END, CASE WHEN i % 6 = 1 THEN 'bru0' END,
              CASE WHEN i % 31 = 2 THEN timestamp '2026-11-29' END,
              CASE WHEN i % 41 = 4 OR i % 97 = 3 THEN timestamp '2026-11-29' END,
              CASE WHEN i % 5 = 0 THEN substr(p.text, 41, 60) END, CASE WHEN i % 5 = 0 THEN substr(p.text, 9, 32) END,
              CASE WHEN i % 5 = 0 THEN substr(p.text, 101, 32) END, CASE WHEN i % 5 = 0 THEN 40 END, CASE WHEN i % 5 = 0 THEN 100 END
       FROM (SELECT i, CASE WHEN i < ${busyThreads} THEN ${busyParagraph}
                            ELSE 1 + (i - ${busyThreads}) % ${paragraphs - 1} + CASE WHEN 1 + (i - ${busyThreads}) % ${paragraphs - 1} >= ${busyParagraph} THEN 1 ELSE 0 END END AS pos
             FROM generate_series(0, ${threads - 1}) i) x
       JOIN paragraphs p ON p.id = 'brp' || x.pos`,
      [seminarId],
    );
    // Comments: the first comment of each group opens a thread; the rest fall on that group's
    // threads with a skew (a few long threads, many short ones), in time order within a thread.
    await client.query(
      `INSERT INTO comments (id, thread_id, seminar_id, author_id, body, created_at, edited_at, deleted_at, hidden_at, hidden_by_id, endorsed_at, endorsed_by_id)
       SELECT 'brc' || g, 'brt' || t, $1,
              CASE WHEN k = 0 THEN th.created_by_id WHEN g % 40 = 0 THEN 'bru0' ELSE 'bru' || (1 + (g * 31) % ${students}) END,
              (${sqlArray(OPENINGS)})[1 + g % ${OPENINGS.length}] || E'\\n\\n' || (${sqlArray(MIDDLES)})[1 + (g / 3) % ${MIDDLES.length}]
                || CASE WHEN g % 3 = 0 THEN E'\\n\\n' || (${sqlArray(EXTRAS)})[1 + (g / 7) % ${EXTRAS.length}] ELSE '' END,
              th.created_at + k * interval '17 minutes' + (g % 60) * interval '1 second',
              CASE WHEN g % 13 = 0 THEN th.created_at + k * interval '17 minutes' + interval '5 minutes' END,
              CASE WHEN g % 97 = 5 AND k > 0 THEN timestamp '2026-11-29 12:00' END,
              CASE WHEN g % 89 = 7 AND k > 0 THEN timestamp '2026-11-29 12:00' END, CASE WHEN g % 89 = 7 AND k > 0 THEN 'bru0' END,
              CASE WHEN g % 50 = 9 THEN timestamp '2026-11-29 12:00' END, CASE WHEN g % 50 = 9 THEN 'bru0' END
       FROM (SELECT g, t, row_number() OVER (PARTITION BY t ORDER BY g) - 1 AS k
             FROM (SELECT g, CASE
                     WHEN g < ${busyThreads} THEN g
                     WHEN g < ${busyComments} THEN floor(${busyThreads} * power(((g * 0.6180339887) - floor(g * 0.6180339887)), 2))::int
                     WHEN g < ${busyComments + otherThreads} THEN g - ${busyComments} + ${busyThreads}
                     ELSE ${busyThreads} + floor(${otherThreads} * power(((g * 0.6180339887) - floor(g * 0.6180339887)), 2))::int
                   END AS t
                   FROM generate_series(0, ${comments - 1}) g) a) c
       JOIN threads th ON th.id = 'brt' || c.t`,
      [seminarId],
    );
    await client.query(
      `INSERT INTO reactions (comment_id, user_id, kind, created_at)
       SELECT 'brc' || g, 'bru' || (1 + (g + r * 53) % ${students}), (ARRAY['AGREE','QUESTION','INSIGHT','CONFUSED'])[1 + (g + r) % 4]::"ReactionKind", timestamp '2026-11-29'
       FROM generate_series(0, ${comments - 1}) g, generate_series(0, 2) r
       WHERE g % 4 = 0 AND r <= g % 3`,
    );
    // The event log the services would have written: thread:created per thread, comment:created
    // per reply, numbered in time order; last_seq is the last number.
    await client.query(
      `INSERT INTO seminar_events (seminar_id, seq, type, payload, actor_id, created_at)
       SELECT $1, row_number() OVER (ORDER BY at, kind, id), type, payload, actor, at
       FROM (SELECT t.created_at AS at, 0 AS kind, t.id, 'thread:created' AS type, jsonb_build_object('threadId', t.id) AS payload, t.created_by_id AS actor
             FROM threads t WHERE t.seminar_id = $1
             UNION ALL
             SELECT c.created_at, 1, c.id, 'comment:created', jsonb_build_object('threadId', c.thread_id, 'commentId', c.id), c.author_id
             FROM comments c WHERE c.seminar_id = $1
               AND c.created_at > (SELECT min(o.created_at) FROM comments o WHERE o.thread_id = c.thread_id)) e`,
      [seminarId],
    );
    const { rows } = await client.query<{ seq: number }>(
      `UPDATE seminars SET last_seq = (SELECT max(seq) FROM seminar_events WHERE seminar_id = $1) WHERE id = $1 RETURNING last_seq AS seq`,
      [seminarId],
    );
    await client.query("COMMIT");
    await client.query("ANALYZE");
    const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `brt${from + i}`);
    return { busyThreadIds: ids(0, busyThreads), otherThreadIds: ids(busyThreads, threads), lastSeq: rows[0].seq };
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    await client.end();
  }
}

/** Counts of what the seed wrote, to print next to the figures (and to catch a seed that drifted). */
export async function describeSeed(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*)::int FROM memberships WHERE seminar_id = $1) AS members,
              (SELECT count(*)::int FROM paragraphs WHERE reading_id = 'brr') AS paragraphs,
              (SELECT count(*)::int FROM threads WHERE seminar_id = $1) AS threads,
              (SELECT count(*)::int FROM comments WHERE seminar_id = $1) AS comments,
              (SELECT count(*)::int FROM comments c JOIN threads t ON t.id = c.thread_id WHERE t.paragraph_id = 'brp' || $2::int) AS "busyComments",
              (SELECT count(*)::int FROM threads WHERE paragraph_id = 'brp' || $2::int) AS "busyThreads",
              (SELECT max(n)::int FROM (SELECT count(*) AS n FROM comments GROUP BY thread_id) x) AS "longestThread",
              (SELECT round(avg(length(text)))::int FROM paragraphs WHERE reading_id = 'brr') AS "paragraphChars",
              (SELECT round(avg(length(body)))::int FROM comments WHERE seminar_id = $1) AS "commentChars",
              (SELECT count(*)::int FROM reactions) AS reactions,
              (SELECT last_seq FROM seminars WHERE id = $1) AS "lastSeq"`,
      [SEED.seminarId, SEED.busyParagraph],
    );
    return rows[0] as Record<string, number>;
  } finally {
    await client.end();
  }
}
