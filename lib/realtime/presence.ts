// Who is in each seminar's room, kept incrementally, per process.
// Each process counts its own sockets per seminar and user (from the adapter's join-room and
// leave-room events, so every way of leaving counts: seminar:leave, disconnect, a removal's
// socketsLeave from any process). A user appears when their first socket arrives and leaves with
// their last. Changes are coalesced per seminar over PRESENCE_COALESCE_MS into one
// presence:changed { joined, left } per role room, pushed by each process to its own sockets only
// (io.local): every process knows the union, so each can tell its sockets what changed in it.
// With several processes (the postgres adapter), each sends the others its deltas with
// serverSideEmit, numbered per process; a receiver that sees a gap, or a node it does not know,
// asks that node for its whole list. A process beats every PRESENCE_BEAT_MS; one not heard from
// for PRESENCE_EXPIRE_MS (killed, cut off) is dropped with everything it held, and its users
// leave. A clean shutdown says "bye" so the others drop it at once.
// No authorization here: only members are ever put in a seminar's rooms (realtime/server.ts), and
// names are presented per role by the seminars service.
import { randomUUID } from "node:crypto";
import type { Role } from "@/lib/domain/seminars/schema";
import { rooms, type PresenceMessage, type PresentMember } from "./events";
import type { RealtimeServer } from "./publish";

/** Joins and leaves within this window reach the room as one message (a class arriving, a reconnect wave). */
export const PRESENCE_COALESCE_MS = 150;
/**
 * News for the other processes goes out sooner, so that a join ack there (which lists the union
 * that process knows) is rarely behind; still coalesced, one NOTIFY per burst and seminar.
 */
export const PRESENCE_SHARE_MS = 10;
export const PRESENCE_BEAT_MS = 5000;
export const PRESENCE_EXPIRE_MS = 15_000;

/** Each user's entry as each role may see it; users who are not members are left out. */
export type PresentByRole = (seminarId: string, userIds: string[]) => Promise<{ userId: string; views: Record<Role, PresentMember> }[]>;

interface SeminarPresence {
  /** socket id -> user id, for this process's sockets in the seminar's room. */
  sockets: Map<string, string>;
  /** user id -> how many of this process's sockets they have in the room. */
  local: Map<string, number>;
  /** The local users the other processes were last told about. */
  sent: Set<string>;
  /** node -> users present through that process. */
  remote: Map<string, Set<string>>;
  /** user id -> key: what this process's sockets were last told (or are about to be). */
  announced: Map<string, string>;
  /** Users to present again at the next push (role or name visibility changed). */
  refresh: Set<string>;
  /** user id -> their entry as each role sees it, for users present: join acks and pushes read these, not the database. */
  views: Map<string, Record<Role, PresentMember>>;
  timer?: ReturnType<typeof setTimeout>;
  shareTimer?: ReturnType<typeof setTimeout>;
  /** The push in progress: pushes of one seminar run one at a time, in order. */
  pushing: Promise<void>;
}

interface Node {
  seq: number;
  seen: number;
}

const SEMINAR_ROOM = /^seminar:([^:]+)$/;

export class PresenceTracker {
  readonly node = randomUUID();
  private readonly seminars = new Map<string, SeminarPresence>();
  private readonly nodes = new Map<string, Node>();
  private seq = 0;
  private beat?: ReturnType<typeof setInterval>;

  constructor(
    private readonly io: RealtimeServer,
    private readonly present: PresentByRole,
    private readonly clustered: boolean,
  ) {
    const adapter = io.of("/").adapter;
    adapter.on("join-room", (room: string, sid: string) => {
      const m = SEMINAR_ROOM.exec(room);
      const userId = m && io.of("/").sockets.get(sid)?.data.user?.id;
      if (m && userId) this.socketJoined(m[1], sid, userId);
    });
    adapter.on("leave-room", (room: string, sid: string) => {
      const m = SEMINAR_ROOM.exec(room);
      if (m) this.socketLeft(m[1], sid);
    });
    if (clustered) {
      io.on("presence", (message) => this.receive(message));
      this.beat = setInterval(() => this.heartbeat(), PRESENCE_BEAT_MS);
      this.beat.unref();
      // Whatever the others already hold (e.g. this process restarted into a running cluster).
      this.send({ kind: "want", node: this.node, of: null });
    }
  }

  /** Users present in the seminar now, on any process (this process's view). */
  userIds(seminarId: string): string[] {
    const s = this.seminars.get(seminarId);
    if (!s) return [];
    const all = new Set(s.local.keys());
    for (const users of s.remote.values()) for (const u of users) all.add(u);
    return [...all];
  }

  /**
   * The full list for a join ack, as `viewer` may see it (their own entry is `you`). From the
   * entries this process keeps; only users it has not presented yet are read from the database.
   */
  async list(seminarId: string, viewer: { userId: string; role: Role }, you: PresentMember): Promise<PresentMember[]> {
    const ids = this.userIds(seminarId);
    const s = this.seminars.get(seminarId);
    if (!s) return [you];
    await this.views(seminarId, s, ids.filter((u) => !s.views.has(u)));
    return ids.flatMap((u) => (u === viewer.userId ? [you] : s.views.has(u) ? [s.views.get(u)![viewer.role]] : []));
  }

  private async views(seminarId: string, s: SeminarPresence, userIds: string[]) {
    if (!userIds.length) return;
    for (const v of await this.present(seminarId, userIds)) s.views.set(v.userId, v.views);
  }

  /** Re-present these users (null: everyone present) in every process: a role or the names setting changed. */
  refresh(seminarId: string, userIds: string[] | null) {
    this.markRefresh(seminarId, userIds);
    this.send({ kind: "refresh", node: this.node, seminarId, userIds });
  }

  close() {
    if (this.beat) clearInterval(this.beat);
    for (const s of this.seminars.values()) {
      clearTimeout(s.timer);
      clearTimeout(s.shareTimer);
    }
    this.send({ kind: "bye", node: this.node });
  }

  // ── this process's sockets ─────────────────────────────────────────────────────────────────

  private entry(seminarId: string): SeminarPresence {
    let s = this.seminars.get(seminarId);
    if (!s) {
      s = { sockets: new Map(), local: new Map(), sent: new Set(), remote: new Map(), announced: new Map(), refresh: new Set(), views: new Map(), pushing: Promise.resolve() };
      this.seminars.set(seminarId, s);
    }
    return s;
  }

  private socketJoined(seminarId: string, sid: string, userId: string) {
    const s = this.entry(seminarId);
    if (s.sockets.has(sid)) return;
    s.sockets.set(sid, userId);
    const n = (s.local.get(userId) ?? 0) + 1;
    s.local.set(userId, n);
    if (n === 1) this.changed(seminarId);
  }

  private socketLeft(seminarId: string, sid: string) {
    const s = this.seminars.get(seminarId);
    const userId = s?.sockets.get(sid);
    if (!s || !userId) return;
    s.sockets.delete(sid);
    const n = (s.local.get(userId) ?? 1) - 1;
    if (n > 0) return void s.local.set(userId, n);
    s.local.delete(userId);
    this.changed(seminarId);
  }

  /** A user arrived at or left this process's sockets: tell the other processes soon, our sockets at the next push. */
  private changed(seminarId: string) {
    this.schedule(seminarId);
    const s = this.entry(seminarId);
    if (!this.clustered || s.shareTimer) return;
    s.shareTimer = setTimeout(() => {
      s.shareTimer = undefined;
      this.share(seminarId, s);
    }, PRESENCE_SHARE_MS);
  }

  private share(seminarId: string, s: SeminarPresence) {
    const joined = [...s.local.keys()].filter((u) => !s.sent.has(u));
    const left = [...s.sent].filter((u) => !s.local.has(u));
    if (!joined.length && !left.length) return;
    s.sent = new Set(s.local.keys());
    this.send({ kind: "delta", node: this.node, seq: ++this.seq, seminarId, joined, left });
  }

  private markRefresh(seminarId: string, userIds: string[] | null) {
    const s = this.seminars.get(seminarId);
    if (!s) return;
    for (const u of userIds ?? s.announced.keys()) s.refresh.add(u);
    if (userIds) for (const u of userIds) s.views.delete(u);
    else s.views.clear();
    this.schedule(seminarId);
  }

  private schedule(seminarId: string) {
    const s = this.entry(seminarId);
    if (s.timer) return;
    s.timer = setTimeout(() => {
      s.timer = undefined;
      s.pushing = s.pushing
        .then(() => this.push(seminarId, s))
        .catch((err) => console.error(`colloquy: presence for ${seminarId}: ${(err as Error).message}`));
    }, PRESENCE_COALESCE_MS);
  }

  /** One coalesced step: tell this process's sockets what changed in the union since the last. */
  private async push(seminarId: string, s: SeminarPresence) {
    const union = new Set(this.userIds(seminarId));
    for (const u of s.views.keys()) if (!union.has(u)) s.views.delete(u);
    if (s.sockets.size === 0) {
      // Nobody here to tell: forget what was announced; a socket that joins gets the full list in its ack.
      s.announced.clear();
      s.refresh.clear();
    } else {
      const left: string[] = [];
      for (const [u, key] of s.announced) {
        if (union.has(u)) continue;
        s.announced.delete(u);
        left.push(key);
      }
      const arriving = [...union].filter((u) => !s.announced.has(u) || s.refresh.has(u));
      s.refresh.clear();
      // Announced before the await, so a leave during it is pushed next time.
      for (const u of arriving) if (!s.announced.has(u)) s.announced.set(u, "");
      await this.views(seminarId, s, arriving.filter((u) => !s.views.has(u)));
      const views = arriving.flatMap((u) => (s.views.has(u) ? [{ userId: u, views: s.views.get(u)! }] : []));
      const found = new Set(views.map((v) => v.userId));
      for (const u of arriving) if (!found.has(u) && s.announced.get(u) === "") s.announced.delete(u);
      for (const v of views) if (s.announced.has(v.userId)) s.announced.set(v.userId, v.views.student.key);
      if (views.length || left.length) {
        for (const role of ["instructor", "student"] as const) {
          this.io.local.to(rooms.seminarRole(seminarId, role)).emit("presence:changed", { seminarId, joined: views.map((v) => v.views[role]), left });
        }
      }
    }
    if (!s.sockets.size && !s.remote.size && !s.sent.size && !s.timer && !s.shareTimer) this.seminars.delete(seminarId);
  }

  // ── the other processes ────────────────────────────────────────────────────────────────────

  private send(message: PresenceMessage) {
    if (this.clustered) this.io.serverSideEmit("presence", message);
  }

  private stateOfThisNode(): Record<string, string[]> {
    const seminars: Record<string, string[]> = {};
    for (const [id, s] of this.seminars) if (s.sent.size) seminars[id] = [...s.sent];
    return seminars;
  }

  private heartbeat() {
    this.send({ kind: "beat", node: this.node, seq: this.seq });
    const now = Date.now();
    for (const [node, n] of this.nodes) if (now - n.seen > PRESENCE_EXPIRE_MS) this.dropNode(node);
  }

  private dropNode(node: string) {
    this.nodes.delete(node);
    for (const [id, s] of this.seminars) if (s.remote.delete(node)) this.schedule(id);
  }

  private receive(m: PresenceMessage) {
    if (m.node === this.node) return;
    if (m.kind === "bye") return this.dropNode(m.node);
    if (m.kind === "want") {
      // What this node has told the others so far, with the seq that covers it.
      if (m.of === null || m.of === this.node) this.send({ kind: "state", node: this.node, seq: this.seq, seminars: this.stateOfThisNode() });
      return;
    }
    const known = this.nodes.get(m.node);
    const n = known ?? { seq: 0, seen: 0 };
    n.seen = Date.now();
    this.nodes.set(m.node, n);
    switch (m.kind) {
      case "beat":
        if (!known || m.seq > n.seq) this.send({ kind: "want", node: this.node, of: m.node });
        return;
      case "refresh":
        return this.markRefresh(m.seminarId, m.userIds);
      case "delta": {
        if (m.seq <= n.seq) return; // already in a state received since
        if (m.seq !== n.seq + 1) this.send({ kind: "want", node: this.node, of: m.node });
        n.seq = m.seq;
        const s = this.entry(m.seminarId);
        const users = s.remote.get(m.node) ?? new Set<string>();
        for (const u of m.joined) users.add(u);
        for (const u of m.left) users.delete(u);
        if (users.size) s.remote.set(m.node, users);
        else s.remote.delete(m.node);
        return this.schedule(m.seminarId);
      }
      case "state": {
        if (m.seq < n.seq) return;
        n.seq = m.seq;
        for (const [id, s] of this.seminars) if (!(id in m.seminars) && s.remote.delete(m.node)) this.schedule(id);
        for (const [id, users] of Object.entries(m.seminars)) {
          this.entry(id).remote.set(m.node, new Set(users));
          this.schedule(id);
        }
        return;
      }
    }
  }
}
