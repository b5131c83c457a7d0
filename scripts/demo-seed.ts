// `npm run demo:seed`: a seminar on the sample reading (Deutscher, "Stalin's Stake in Mao's
// Army") with an instructor, eight students and an afternoon's discussion: threads on
// paragraphs and passages, replies, reactions, a resolved thread, a prompt with replies, a
// deleted comment, open questions. For trying the app and for the dashboard screenshot.
//
// Uses DATABASE_URL, or the embedded PostgreSQL in COLLOQUY_DATA_DIR (like `npm run dev`),
// migrates it and imports the sample reading if needed. Idempotent: running it again replaces
// the demo accounts and the demo seminar. Writes go through the services (so every change has
// its event and seq); afterwards the timestamps of comments, threads, reactions and events are
// set back so the discussion spans about three hours ending now.
import nextEnv from "@next/env";
import { connectEmbedded, connectExternal, StartupError, type Database } from "@/lib/db/connect";
import { db, disconnectDb } from "@/lib/db/client";
import { deployMigrations } from "@/lib/db/migrations";
import { parseEnv } from "@/lib/env";
import { resetWriteLimits } from "@/lib/domain/ratelimit";
import { ensureSampleReading, SAMPLE_READING } from "@/lib/domain/readings/service";
import { createSeminar, joinSeminar } from "@/lib/domain/seminars/service";
import { addComment, createThread, deleteComment, setReaction, setResolved } from "@/lib/domain/threads/service";
import type { ReactionKindWire } from "@/lib/domain/threads/schema";
import { signUp } from "@/lib/domain/users/service";
import type { Actor } from "@/lib/auth/actor";

nextEnv.loadEnvConfig(process.cwd(), true, { info: () => {}, error: console.error });

export const DEMO = {
  title: "Week 6: Moscow, Peking and the Far Eastern Army",
  description: "Read Deutscher’s 1952 piece before Thursday. Mark the passages you doubt; answer the prompt on the last paragraph.",
  instructor: { name: "Helen Marsh", email: "instructor@demo.colloquy.example", password: "demo-instructor" },
  studentPassword: "demo-student",
  students: [
    ["amara", "Amara Okafor"],
    ["ben", "Ben Castillo"],
    ["chloe", "Chloé Martin"],
    ["dmitri", "Dmitri Volkov"],
    ["esther", "Esther Lin"],
    ["farid", "Farid Haddad"],
    ["grace", "Grace Whitfield"],
    ["hiro", "Hiro Tanaka"],
  ] as const,
};
type Who = "helen" | (typeof DEMO.students)[number][0];
const studentEmail = (key: string) => `${key}@demo.colloquy.example`;
const actorOf = (u: { id: string; email: string; name: string }): Actor => ({ id: u.id, email: u.email, name: u.name, via: "session" });

// ── the discussion: minutes after the start, who, where, what ─────────────────────────────

type Step =
  | { at: number; who: Who; thread: string; paragraph: number; passage?: string; body: string; prompt?: true }
  | { at: number; who: Who; reply: string; id?: string; body: string }
  | { at: number; who: Who; react: string; kind: ReactionKindWire }
  | { at: number; who: Who; resolve: string }
  | { at: number; who: Who; remove: string };

// Reaction and removal targets name a thread (its opening comment) or a reply's id.
const SCRIPT: Step[] = [
  { at: 2, who: "amara", thread: "opening", paragraph: 1, passage: "still in its initial phases", body: "Deutscher opens by saying integration is “still in its initial phases”, yet by ¶14 he has Stalin dismantling an entire army in its favour. Is he hedging here, or does the evidence only come together later in the piece?" },
  { at: 6, who: "ben", thread: "calculation", paragraph: 3, passage: "This change of attitude has been dictated more by power calculations than by ideological solidarity.", body: "This is the thesis of the whole article for me. Mao *welcomes* Russian influence in Manchuria because it ties Moscow to the defence of China’s north-east: a kind of hostage arrangement." },
  { at: 9, who: "dmitri", reply: "opening", id: "dmitri-caution", body: "I read it as journalistic caution. It’s May 1952, he is writing from London without Soviet sources, so “difficult to foresee” covers him." },
  { at: 11, who: "esther", react: "dmitri-caution", kind: "agree" },
  { at: 12, who: "chloe", reply: "calculation", id: "chloe-hostage", body: "A hostage both sides hold, though. Russia keeps a foothold (Port Arthur until it is handed back), China keeps Russia committed. Neither can make a separate peace with the West." },
  { at: 14, who: "helen", reply: "opening", id: "helen-hedges", body: "Good instinct, both of you. Keep count of how often he writes *appear*, *seems*, *in all probability*. We will come back to what he can and cannot know." },
  { at: 15, who: "farid", react: "helen-hedges", kind: "insight" },
  { at: 16, who: "amara", react: "chloe-hostage", kind: "insight" },
  { at: 17, who: "hiro", react: "chloe-hostage", kind: "agree" },
  { at: 18, who: "ben", reply: "calculation", body: "Yes: “will not strike any bargain with the West at the expense of their Chinese allies” is exactly that fear, in his words." },
  { at: 19, who: "helen", react: "calculation", kind: "agree" },
  { at: 21, who: "esther", thread: "seventy", paragraph: 7, body: "The 70 per cent figure. He says himself that without the volume of trade the percentage means little, so why put it in the Economic Build-Up paragraph at all?" },
  { at: 24, who: "dmitri", thread: "divisions", paragraph: 12, passage: "Thirty divisions with strong armoured elements and a self-contained air force", body: "Thirty divisions in 1941, sixty planned for wartime: where do these numbers come from? Earlier he cites “independent reports” but never says whose." },
  { at: 25, who: "amara", react: "divisions", kind: "question" },
  { at: 27, who: "farid", reply: "seventy", body: "Because it was the only number anyone had. He uses it and undercuts it in the same breath, which I trust more than if he had simply cited it." },
  { at: 30, who: "chloe", thread: "blucher", paragraph: 11, body: "I didn’t know the Far Eastern Army was built to be self-sufficient, down to its own arms production. The “two separate fronts” logic makes the 1941 transfers to Stalingrad in ¶12 far more dramatic." },
  { at: 31, who: "ben", react: "blucher", kind: "insight" },
  { at: 33, who: "esther", reply: "seventy", body: "Fair. “One suspects that there is a lot of window dressing” is doing honest work there." },
  { at: 35, who: "esther", resolve: "seventy" },
  { at: 36, who: "grace", react: "divisions", kind: "question" },
  { at: 38, who: "farid", thread: "dismantled", paragraph: 14, passage: "In all probability that army is being dismantled", body: "Is the claim that the Far Eastern Army is being dismantled actually supported anywhere? All we get is “in all probability” and supplies that “seem to have been placed at the disposal of the Chinese”. What would count as evidence?" },
  { at: 40, who: "dmitri", react: "dismantled", kind: "question" },
  { at: 41, who: "helen", reply: "divisions", id: "helen-sources", body: "Most likely Western intelligence estimates that circulated after the war; Deutscher had good contacts among military writers. Worth comparing with what historians found once the Soviet archives opened." },
  { at: 43, who: "amara", react: "dismantled", kind: "agree" },
  { at: 44, who: "amara", thread: "tito", paragraph: 18, passage: "a lesson he has learned from his conflict with Tito", body: "The Tito comparison is the most interesting move in the piece. Stalin learned that humiliating an ally produces a Tito, so with Mao he flatters instead: “a tremendous show of treating China as Russia’s equal”." },
  { at: 46, who: "ben", react: "tito", kind: "insight" },
  { at: 47, who: "dmitri", reply: "divisions", body: "So the figures are plausible but unverifiable for a reader in 1952. That matters for ¶14: the whole dismantling argument rests on them." },
  { at: 48, who: "helen", react: "tito", kind: "insight" },
  { at: 50, who: "esther", reply: "tito", id: "esther-cheap", body: "But flattery is cheap. Does anything in the article show Stalin giving up something real?" },
  { at: 52, who: "grace", reply: "blucher", id: "grace-blucher", body: "And Blücher was arrested and died in 1938. Odd that Deutscher, of all people, leaves that out." },
  { at: 53, who: "chloe", react: "grace-blucher", kind: "insight" },
  { at: 55, who: "hiro", react: "blucher", kind: "agree" },
  { at: 58, who: "amara", reply: "tito", id: "amara-trade", body: "The trade terms in ¶19: Chinese buying 20 per cent below world prices, if true." },
  { at: 60, who: "helen", thread: "prompt", paragraph: 20, prompt: true, body: "Deutscher ends by asking whether “the bully” will reassert himself and spoil the game. Knowing what happened between Moscow and Peking after 1956, how good a prediction was this? Two or three sentences, citing a paragraph." },
  { at: 63, who: "farid", reply: "tito", body: "“If true” carrying a lot of weight again!" },
  { at: 64, who: "esther", react: "amara-trade", kind: "agree" },
  { at: 66, who: "farid", reply: "prompt", id: "farid-oops", body: "test" },
  { at: 67, who: "farid", remove: "farid-oops" },
  { at: 70, who: "ben", thread: "rifles", paragraph: 15, passage: "it could not arm such a force even with rifles", body: "“Could not arm such a force even with rifles” seems an exaggeration. The Communists had captured huge stocks of Nationalist and Japanese weapons." },
  { at: 72, who: "chloe", reply: "prompt", body: "Better than he could have known. The split came over exactly what he names in ¶18, Mao’s standing as a theorist equal to Lenin and Stalin, only after Stalin’s death rather than in his lifetime." },
  { at: 77, who: "dmitri", reply: "rifles", id: "dmitri-calibres", body: "Captured stocks, but in a dozen calibres and with little ammunition. I took him to mean a standardised conscript army, not a rifle per man." },
  { at: 79, who: "ben", react: "dmitri-calibres", kind: "agree" },
  { at: 80, who: "ben", reply: "prompt", body: "Half right. The bully did reassert himself, but it was Khrushchev, and the game he spoiled was the nuclear help and the advisers (compare ¶6), withdrawn in 1960." },
  { at: 88, who: "esther", reply: "prompt", body: "I think he gets the mechanism right and the timing wrong: ¶17 says the friendship depends on Western policy, and it held while the West stayed hostile to both." },
  { at: 95, who: "grace", thread: "sceptical", paragraph: 9, body: "Why was the Kremlin so sceptical of the intervention in Korea? Was it the “volunteers”, that Mao might not keep control of them?" },
  { at: 97, who: "chloe", react: "sceptical", kind: "question" },
  { at: 101, who: "amara", reply: "prompt", body: "A good prediction of the tension, a poor one of who would break it. Deutscher expects Stalin’s “diplomat” to lose to the “bully”; in the event it was Mao who refused to play the junior partner." },
  { at: 110, who: "esther", thread: "minor", paragraph: 19, passage: "the balance of trade between the two countries is a minor affair", body: "This sentence reframes the whole economic section: trade is not the point, the army is. It makes me reread ¶5–7 as a warm-up." },
  { at: 112, who: "farid", react: "minor", kind: "agree" },
  { at: 115, who: "dmitri", reply: "prompt", body: "He is right that Stalinism could not treat an equal as an equal for long; ¶20 is the most Deutscher sentence in the piece. But he had Yugoslavia in mind, and China was never going to be a Yugoslavia." },
  { at: 118, who: "helen", react: "minor", kind: "insight" },
  { at: 123, who: "farid", reply: "minor", body: "Which is also why the economic part gets three paragraphs and the military part seven." },
  { at: 130, who: "dmitri", thread: "korea", paragraph: 13, passage: "the extreme parsimony with which the Russians equipped the North Koreans", body: "This explains why the North Koreans were so poorly equipped in 1950: the Russians still needed the Far Eastern Army for themselves. A neat argument, but hard to test." },
  { at: 140, who: "helen", reply: "korea", body: "Hard to test, yes. But what evidence *would* you look for, if you could?" },
  { at: 150, who: "dmitri", reply: "korea", body: "Soviet deliveries to North Korea before and after mid-1951, and whether units left the Far East at the same time." },
  { at: 152, who: "helen", react: "korea", kind: "agree" },
  { at: 160, who: "chloe", thread: "western", paragraph: 17, body: "Doesn’t “Stalin obviously relies on Western policy” undercut the integration thesis? If the friendship depends on the West, it is a reaction, not an integration." },
  { at: 166, who: "grace", react: "western", kind: "agree" },
  { at: 171, who: "farid", react: "opening", kind: "agree" },
];

// ── setting up ─────────────────────────────────────────────────────────────────────────────

async function freshUser(name: string, email: string, password: string) {
  await db().user.deleteMany({ where: { email } });
  return signUp({ name, email, password });
}

function passageIn(text: string, exact: string) {
  const start = text.indexOf(exact);
  if (start < 0) throw new Error(`demo script: passage not found: ${exact}`);
  const end = start + exact.length;
  return { exact, prefix: text.slice(Math.max(0, start - 32), start), suffix: text.slice(end, end + 32), start, end };
}

export async function seedDemo(origin: string, log: (line: string) => void = console.log) {
  await ensureSampleReading();
  const reading = await db().reading.findUniqueOrThrow({ where: { slug: SAMPLE_READING.slug }, include: { paragraphs: { orderBy: { position: "asc" } } } });

  // Replace: the old demo seminar(s) and accounts go first.
  const old = await db().seminar.findMany({ where: { title: DEMO.title, members: { some: { user: { email: DEMO.instructor.email } } } }, select: { id: true } });
  await db().seminar.deleteMany({ where: { id: { in: old.map((s) => s.id) } } });

  const people = new Map<Who, Actor>();
  const helen = await freshUser(DEMO.instructor.name, DEMO.instructor.email, DEMO.instructor.password);
  people.set("helen", actorOf(helen));
  const seminar = await createSeminar(people.get("helen")!, { title: DEMO.title, description: DEMO.description, readingId: reading.id }, origin);
  for (const [key, name] of DEMO.students) {
    const u = await freshUser(name, studentEmail(key), DEMO.studentPassword);
    people.set(key, actorOf(u));
    await joinSeminar(actorOf(u), { code: seminar.joinCode! });
  }

  const threads = new Map<string, { id: string; opener: string }>();
  const comments = new Map<string, string>();
  const times = { comments: new Map<string, number>(), threads: new Map<string, number>(), reactions: [] as { commentId: string; userId: string; kind: string; at: number }[], resolved: new Map<string, number>(), seqs: new Map<number, number>() };
  const target = (ref: string) => comments.get(ref) ?? threads.get(ref)?.opener ?? (() => { throw new Error(`demo script: unknown ${ref}`); })();

  for (const step of SCRIPT) {
    await resetWriteLimits();
    const actor = people.get(step.who)!;
    if ("thread" in step) {
      const p = reading.paragraphs[step.paragraph - 1];
      const { thread } = await createThread(actor, seminar.id, {
        paragraphId: p.id,
        body: step.body,
        ...(step.prompt ? { kind: "prompt" as const } : {}),
        ...(step.passage ? { passage: passageIn(p.text, step.passage) } : {}),
      });
      const threadId = thread.id;
      const openerId = thread.comments[0].id;
      threads.set(step.thread, { id: threadId, opener: openerId });
      times.threads.set(threadId, step.at);
      times.comments.set(openerId, step.at);
    } else if ("reply" in step) {
      const { comment } = await addComment(actor, threads.get(step.reply)!.id, { body: step.body });
      if (step.id) comments.set(step.id, comment.id);
      times.comments.set(comment.id, step.at);
    } else if ("react" in step) {
      const commentId = target(step.react);
      await setReaction(actor, commentId, step.kind, true);
      times.reactions.push({ commentId, userId: actor.id, kind: step.kind.toUpperCase(), at: step.at });
    } else if ("resolve" in step) {
      await setResolved(actor, threads.get(step.resolve)!.id, { resolved: true });
      times.resolved.set(threads.get(step.resolve)!.id, step.at);
    } else {
      await deleteComment(actor, target(step.remove));
    }
    const { lastSeq } = await db().seminar.findUniqueOrThrow({ where: { id: seminar.id }, select: { lastSeq: true } });
    times.seqs.set(lastSeq, step.at);
  }

  // Set the clock back: the discussion ran from about three hours ago until a few minutes ago.
  const last = SCRIPT[SCRIPT.length - 1].at;
  const start = Math.floor(Date.now() / 60_000) * 60_000 - (last + 8) * 60_000;
  const when = (minutes: number) => new Date(start + minutes * 60_000);
  await db().$transaction(async (tx) => {
    await tx.seminar.update({ where: { id: seminar.id }, data: { createdAt: when(-26 * 60) } });
    let i = 0;
    for (const m of await tx.membership.findMany({ where: { seminarId: seminar.id }, orderBy: { pseudonym: "asc" } })) {
      await tx.membership.update({ where: { seminarId_userId: { seminarId: seminar.id, userId: m.userId } }, data: { joinedAt: when(-25 * 60 + i++ * 37) } });
    }
    for (const [id, at] of times.threads) await tx.thread.update({ where: { id }, data: { createdAt: when(at) } });
    for (const [id, at] of times.resolved) await tx.thread.update({ where: { id }, data: { resolvedAt: when(at) } });
    for (const [id, at] of times.comments) await tx.comment.update({ where: { id }, data: { createdAt: when(at) } });
    await tx.comment.updateMany({ where: { thread: { seminarId: seminar.id }, deletedAt: { not: null } }, data: { deletedAt: when(67) } });
    for (const r of times.reactions) {
      await tx.reaction.updateMany({ where: { commentId: r.commentId, userId: r.userId, kind: r.kind as "AGREE" }, data: { createdAt: when(r.at) } });
    }
    // Each event takes the time of the step that wrote it (the seqs after the previous step's).
    let previous = 0;
    for (const [seq, at] of times.seqs) {
      await tx.seminarEvent.updateMany({ where: { seminarId: seminar.id, seq: { gt: previous, lte: seq } }, data: { createdAt: when(at) } });
      previous = seq;
    }
    // Notifications take the time of what they tell about: the reaction, or else the comment.
    await tx.$executeRaw`
      UPDATE notifications n SET created_at = coalesce(
        (SELECT min(r.created_at) FROM reactions r WHERE n.kind = 'REACTION' AND r.comment_id = n.comment_id AND r.user_id = n.actor_id),
        (SELECT c.created_at FROM comments c WHERE c.id = n.comment_id))
      WHERE n.seminar_id = ${seminar.id}`;
  });

  log(`Demo seminar “${DEMO.title}” on “${reading.title}”: ${DEMO.students.length} students, ${times.comments.size} comments.`);
  return { seminarId: seminar.id, joinCode: seminar.joinCode! };
}

// ── run as a script ────────────────────────────────────────────────────────────────────────

if (process.argv[1] && /demo-seed\.ts$/.test(process.argv[1])) {
  let database: Database | undefined;
  let code = 0;
  try {
    const env = parseEnv();
    database = env.DATABASE_URL ? await connectExternal(env.DATABASE_URL) : await connectEmbedded(env.COLLOQUY_DATA_DIR, (l) => console.error(l));
    process.env.DATABASE_URL = database.url;
    await deployMigrations(database.url);
    const origin = process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : `http://localhost:${env.PORT}`;
    const { seminarId } = await seedDemo(origin);
    console.log(`
Start the app (npm run dev, or npm start) and sign in at ${origin}/signin

  instructor  ${DEMO.instructor.email}  password: ${DEMO.instructor.password}
  students    ${DEMO.students.map(([k]) => studentEmail(k)).join(", ")}
              password for each: ${DEMO.studentPassword}

  the room       ${origin}/seminars/${seminarId}
  the dashboard  ${origin}/seminars/${seminarId}/dashboard
`);
  } catch (err) {
    console.error(err instanceof StartupError ? `demo:seed: ${err.message}` : err);
    code = 1;
  } finally {
    await disconnectDb().catch(() => {});
    await database?.embedded?.stop();
  }
  process.exit(code);
}
