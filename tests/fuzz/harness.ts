import { request } from 'node:http';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import { z } from 'zod';
import { emptyLocalMeeting, integrate, type LocalMeeting, resetTo } from '../../client/src/state/sync.js';
import { hashModeratorKey } from '../../server/auth/secrets.js';
import { projectSnapshot, type Viewer } from '../../shared/audience.js';
import { commandRoles } from '../../shared/commands.js';
import { ErrorCode } from '../../shared/errors.js';
import type { Change } from '../../shared/events.js';
import { ISSUE_CODES } from '../../shared/issues.js';
import { type MeetingState, QUESTION_STATUSES, type Snapshot } from '../../shared/model.js';
import type { CommandAck, SyncAck, Welcome } from '../../shared/protocol.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import type { CreatedMeeting, TestServer } from '../support/server.js';
import { ACTOR_ROLES, ACTORS, type ActorName, type CommandSpec, type EnvelopeDamage, isRef, type Step } from './steps.js';

/** Generous: the machine is shared and busy; these bound a hang, they do not time anything. */
const ACK_TIMEOUT_MS = 15_000;
const CONVERGE_TIMEOUT_MS = 10_000;

/** A validation problem as docs/PROTOCOL.md documents it: field, stable code, the bound broken, English text. */
const Issue = z.strictObject({
  path: z.string(),
  code: z.enum(ISSUE_CODES),
  limit: z.number().optional(),
  message: z.string(),
});
const ErrorBody = z.strictObject({
  code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
  message: z.string().min(1),
  issues: z.array(Issue).optional(),
});
/** The only two shapes an ack may take (docs/PROTOCOL.md). */
const CommandAckShape = z.union([
  z.strictObject({
    ok: z.literal(true),
    version: z.int().min(0),
    duplicate: z.literal(true).optional(),
    votes: z.int().min(0).optional(),
  }),
  z.strictObject({ ok: z.literal(false), error: ErrorBody }),
]);
const ChangeShape = z.object({
  meetingId: z.string(),
  version: z.int().min(1),
  at: z.number(),
  events: z.array(z.object({ type: z.string() })),
});
const SyncAckShape = z.union([
  z.strictObject({ ok: z.literal(true), kind: z.literal('changes'), changes: z.array(ChangeShape) }),
  z.strictObject({
    ok: z.literal(true),
    kind: z.literal('snapshot'),
    snapshot: z.object({ version: z.int().min(0), meeting: z.object({}) }),
  }),
  z.strictObject({ ok: z.literal(false), error: ErrorBody }),
]);

/** Figures of a whole fuzzing run, for the closing report. */
export const stats = {
  sequences: 0,
  steps: 0,
  commands: 0,
  acks: {} as Record<string, number>,
  commits: 0,
  resyncs: 0,
  reconnects: 0,
  freshJoins: 0,
  payloadsScanned: 0,
};

function countAck(ack: CommandAck): void {
  const key = ack.ok ? (ack.duplicate ? 'ok (duplicate)' : 'ok') : ack.error.code;
  stats.acks[key] = (stats.acks[key] ?? 0) + 1;
  stats.commands++;
}

/** Envelope damage the gateway must refuse as `invalid` whatever the payload. */
const MALFORMED: ReadonlySet<EnvelopeDamage> = new Set([
  'unknownType',
  'longType',
  'typeNumber',
  'noId',
  'emptyId',
  'longId',
  'idNumber',
  'extraKey',
  'envelopeNull',
  'envelopeArray',
  'envelopeString',
]);
/** Payload damage that no command schema accepts. */
const BAD_PAYLOAD: ReadonlySet<EnvelopeDamage> = new Set(['nonObjectPayload', 'protoPayload', 'wrongFieldType', 'oversizeField']);

let serial = 0;

/** One connection identity (a role's credentials) and what it holds, as the real client keeps it. */
class Actor {
  client: TestClient | null = null;
  /** The meeting as this client holds it, built by the real client's ordering code. */
  local: LocalMeeting = emptyLocalMeeting;
  /** Changes this client will drop on purpose (a simulated network loss). */
  toLose = 0;
  /** A change was dropped on purpose: a gap is expected until a resync fills it. */
  lossPending = false;
  resyncing = false;
  /** Welcomed on the current connection: before that, early changes are expected. */
  welcomed = false;
  /** A disconnect the step caused itself. */
  expectingDisconnect = false;
  /** Every payload received and not yet scanned for leaks. */
  received: unknown[] = [];
  readonly violations: string[] = [];
  /** Envelopes this identity sent, with what came of them, for retries. */
  readonly sent: { envelope: unknown; committedVersion: number | null }[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly name: ActorName,
    readonly viewer: Viewer,
    readonly auth: Record<string, unknown>,
    private readonly url: string,
  ) {}

  async connect(): Promise<void> {
    this.welcomed = false;
    this.expectingDisconnect = false;
    const client = new TestClient(this.url, this.auth);
    this.client = client;
    client.socket.onAny((event: string, ...args: unknown[]) => {
      if (this.client !== client) return;
      this.received.push({ event, args });
      if (event === 'welcome') this.onWelcome(args[0] as Welcome);
      if (event === 'change') this.onChange(args[0] as Change);
      this.notify();
    });
    client.socket.on('disconnect', (reason) => {
      if (this.client === client && !this.expectingDisconnect) this.violations.push(`${this.name} was disconnected: ${reason}`);
      this.notify();
    });
    await client.welcomed();
  }

  async reconnect(): Promise<void> {
    this.expectingDisconnect = true;
    this.client?.close();
    stats.reconnects++;
    await this.connect();
  }

  close(): void {
    this.expectingDisconnect = true;
    this.client?.close();
    this.client = null;
  }

  get socket() {
    if (!this.client) throw new Error(`${this.name} is not connected`);
    return this.client.socket;
  }

  version(): number {
    return this.local.snapshot?.version ?? -1;
  }

  private onWelcome(welcome: Welcome): void {
    this.welcomed = true;
    const { local, gap } = resetTo(this.local, welcome.snapshot);
    this.local = local;
    if (gap) {
      if (!this.lossPending)
        this.violations.push(`${this.name}: changes before the welcome left a gap after v${welcome.snapshot.version}`);
      void this.resync();
    }
  }

  private onChange(change: Change): void {
    if (this.toLose > 0) {
      this.toLose--;
      this.lossPending = true;
      return;
    }
    const current = this.version();
    if (this.welcomed && change.version > current + 1 && !this.lossPending && !this.resyncing) {
      this.violations.push(`${this.name}: change v${change.version} arrived after v${current} with nothing lost`);
    }
    const { local, gap } = integrate(this.local, [change]);
    this.local = local;
    if (gap) void this.resync();
    else if (!this.resyncing) this.lossPending = false;
  }

  /** What the real client does on a gap (client/src/state/connection.ts): ask for what it missed. */
  private async resync(): Promise<void> {
    if (this.resyncing || !this.local.snapshot || !this.client) return;
    this.resyncing = true;
    stats.resyncs++;
    try {
      const answer: unknown = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', { sinceVersion: this.version() });
      this.received.push({ event: 'sync ack', args: [answer] });
      this.integrateSync(answer);
    } catch (error) {
      this.violations.push(`${this.name}: resync failed: ${String(error)}`);
    } finally {
      this.resyncing = false;
    }
    if (this.local.early.length > 0) void this.resync();
    else this.lossPending = false;
    this.notify();
  }

  integrateSync(answer: unknown): void {
    const parsed = SyncAckShape.safeParse(answer);
    if (!parsed.success) {
      this.violations.push(`${this.name}: sync ack of the wrong shape: ${JSON.stringify(answer).slice(0, 300)}`);
      return;
    }
    const sync = answer as SyncAck;
    if (!sync.ok) return;
    this.local = (sync.kind === 'changes' ? integrate(this.local, sync.changes) : resetTo(this.local, sync.snapshot)).local;
  }

  /** Resolves once `condition` holds, checked on every message; rejects after `timeoutMs`. */
  until(what: string, condition: () => boolean, timeoutMs = CONVERGE_TIMEOUT_MS): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: timed out waiting for ${what}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** What every question a payload may mention really is, from the server's full log. */
interface QuestionTruth {
  authorId: string | null;
  anonymous: boolean;
}

function looksLikeQuestion(value: Record<string, unknown>): boolean {
  return (
    typeof value.id === 'string' &&
    typeof value.text === 'string' &&
    typeof value.anonymous === 'boolean' &&
    typeof value.askedAt === 'number' &&
    (QUESTION_STATUSES as readonly unknown[]).includes(value.status)
  );
}

const SECRET_FIELDS = new Set(['moderatorKey', 'moderatorKeyHash', 'keyHash', 'token', 'tokenSecret']);

/**
 * One fuzzed meeting: its actors, and the checks run after every step. Every
 * check failure throws, so fast-check shrinks the sequence that caused it.
 */
export class FuzzMeeting {
  private readonly actors: Record<ActorName, Actor>;
  private readonly secrets: string[];
  private readonly truth = new Map<string, QuestionTruth>();
  private truthVersion = 0;

  private constructor(
    private readonly server: TestServer,
    readonly meetingId: string,
    actors: Record<ActorName, Actor>,
    secrets: string[],
  ) {
    this.actors = actors;
    this.secrets = secrets;
  }

  static async open(server: TestServer): Promise<FuzzMeeting> {
    // Each meeting is made from its own loopback address, as if by its own organiser: the per-address
    // limits on creating meetings and registering stay what they are, and a thousand sequences fit under them.
    const from = nextLoopbackAddress();
    const { meetingId, moderatorKey } = (await postJson(`${server.url}/api/meetings`, sampleBody, from)) as CreatedMeeting;
    const register = (profile: Record<string, string>) =>
      postJson(`${server.url}/api/meetings/${meetingId}/participants`, profile, from) as Promise<{
        token: string;
        participant: { id: string };
      }>;
    const remote = await register({ name: 'Amina', affiliation: 'Egypt', stakeholderGroup: 'government', attendance: 'remote' });
    const inroom = await register({
      name: 'Bruno',
      affiliation: 'Civil society network',
      stakeholderGroup: 'civil_society',
      attendance: 'in_room',
    });
    const auth: Record<ActorName, Record<string, unknown>> = {
      chair: { meetingId, moderatorKey },
      cochair: { meetingId, moderatorKey },
      remote: { meetingId, token: remote.token },
      inroom: { meetingId, token: inroom.token },
      attendee: { meetingId },
      display: { meetingId, display: true },
    };
    const participantIds: Partial<Record<ActorName, string>> = { remote: remote.participant.id, inroom: inroom.participant.id };
    const actors = Object.fromEntries(
      ACTORS.map((name) => [
        name,
        new Actor(name, { role: ACTOR_ROLES[name], participantId: participantIds[name] ?? null }, auth[name], server.url),
      ]),
    ) as Record<ActorName, Actor>;
    const secrets = [moderatorKey, hashModeratorKey(moderatorKey)];
    for (const token of [remote.token, inroom.token]) secrets.push(token, token.split('.')[1] ?? token);
    const fuzz = new FuzzMeeting(server, meetingId, actors, secrets);
    try {
      await Promise.all(Object.values(actors).map((actor) => actor.connect()));
    } catch (error) {
      fuzz.close();
      throw error;
    }
    return fuzz;
  }

  close(): void {
    for (const actor of Object.values(this.actors)) actor.close();
  }

  private async serverSnapshot(): Promise<Snapshot> {
    const snapshot = await this.server.service.snapshot(this.meetingId);
    if (!snapshot) throw new Error('the meeting is gone');
    return snapshot;
  }

  // -------------------------------------------------------------------------
  // Steps
  // -------------------------------------------------------------------------

  async run(step: Step): Promise<void> {
    stats.steps++;
    switch (step.kind) {
      case 'command':
        return this.single(step.command);
      case 'burst': {
        const state = (await this.serverSnapshot()).meeting;
        await Promise.all(
          step.commands.map(async (spec) => {
            const envelope = envelopeOf(spec, this.nextId(spec.actor), state);
            this.actors[spec.actor].sent.push({ envelope, committedVersion: null });
            this.expectAckFor(spec, await this.send(spec.actor, envelope));
          }),
        );
        return;
      }
      case 'retry': {
        const actor = this.actors[step.actor];
        const earlier = actor.sent[actor.sent.length - 1 - (step.back % Math.max(1, actor.sent.length))];
        if (!earlier) return;
        const before = (await this.serverSnapshot()).version;
        const ack = await this.send(step.actor, earlier.envelope);
        const after = (await this.serverSnapshot()).version;
        if (earlier.committedVersion !== null) {
          // The same id from the same sender, once applied, is never applied again.
          expect(ack, `retry by ${step.actor} of a command committed as v${earlier.committedVersion}`).toEqual({
            ok: true,
            version: earlier.committedVersion,
            duplicate: true,
          });
          expect(after, 'a retried command changed the meeting again').toBe(before);
        }
        return;
      }
      case 'borrowId': {
        const lender = this.actors[step.from];
        const earlier = lender.sent[lender.sent.length - 1 - (step.back % Math.max(1, lender.sent.length))];
        const id = (earlier?.envelope as { id?: unknown } | null)?.id;
        const state = (await this.serverSnapshot()).meeting;
        const envelope = envelopeOf(step.command, typeof id === 'string' ? id : this.nextId(step.command.actor), state);
        this.actors[step.command.actor].sent.push({ envelope, committedVersion: null });
        this.expectAckFor(step.command, await this.send(step.command.actor, envelope));
        return;
      }
      case 'reconnect':
        return this.actors[step.actor].reconnect();
      case 'interrupted': {
        const spec: CommandSpec = { ...step.command, damage: 'none' };
        const actor = this.actors[spec.actor];
        const before = await this.serverSnapshot();
        const envelope = envelopeOf(spec, this.nextId(spec.actor), before.meeting);
        actor.sent.push({ envelope, committedVersion: null });
        actor.expectingDisconnect = true;
        // The ack of the first attempt is lost with its socket; the retry on a new one must not apply it twice.
        actor.socket.emit('command', envelope as never, () => undefined);
        await actor.reconnect();
        const ack = await this.send(spec.actor, envelope);
        this.expectAckFor(spec, ack);
        const after = (await this.serverSnapshot()).version;
        expect(
          after - before.version,
          'a command sent twice under one id changed the meeting more than once',
        ).toBeLessThanOrEqual(1);
        if (ack.ok) expect(ack.version).toBeLessThanOrEqual(after);
        return;
      }
      case 'lose': {
        // The actor drops the next changes; more changes follow so that it notices the gap and resyncs.
        this.actors[step.actor].toLose += step.count;
        const chair = this.actors.chair;
        for (let i = 0; i <= step.count; i++) {
          const { meeting } = await this.serverSnapshot();
          const envelope = {
            id: this.nextId('chair'),
            type: 'questions.configure',
            payload: { preModeration: !meeting.questions.preModeration },
          };
          chair.sent.push({ envelope, committedVersion: null });
          const ack = await this.send('chair', envelope);
          if (!ack.ok && ack.error.code !== 'rate_limited')
            throw new Error(`questions.configure refused: ${JSON.stringify(ack)}`);
        }
        return;
      }
      case 'sync': {
        const actor = this.actors[step.actor];
        const answer: unknown = await actor.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('sync', step.request as never);
        actor.received.push({ event: 'sync ack', args: [answer] });
        actor.integrateSync(answer);
        const request = step.request as { sinceVersion?: unknown } | null;
        const since = typeof request === 'object' && request !== null ? request.sinceVersion : undefined;
        if (!(typeof since === 'number' && Number.isInteger(since) && since >= 0)) {
          expect(answer, `sync ${JSON.stringify(step.request)}`).toMatchObject({ ok: false, error: { code: 'invalid' } });
        }
        return;
      }
      case 'junk':
        return this.junk(step);
      case 'oversizeFrame': {
        const actor = this.actors[step.actor];
        const before = (await this.serverSnapshot()).version;
        actor.expectingDisconnect = true;
        const socket = actor.socket;
        const ack = new Promise<unknown>((resolve) =>
          socket.emit(
            'command',
            { id: this.nextId(step.actor), type: 'question.ask', payload: { text: 'z'.repeat(70 * 1024) } } as never,
            resolve,
          ),
        );
        const dropped = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
        const outcome = await Promise.race([ack, dropped]);
        if (typeof outcome !== 'string') this.checkAck(step.actor, outcome);
        await actor.reconnect();
        expect((await this.serverSnapshot()).version, 'an oversize frame changed the meeting').toBe(before);
        return;
      }
      case 'freshJoin': {
        const actor = this.actors[step.actor];
        const fresh = new TestClient(this.server.url, actor.auth);
        try {
          const welcome = await fresh.welcomed();
          stats.freshJoins++;
          this.scan(actor, [welcome]);
          expect(welcome.snapshot, `a fresh ${step.actor} is welcomed with what ${step.actor} holds`).toEqual(
            actor.local.snapshot,
          );
        } finally {
          fresh.close();
        }
        return;
      }
    }
  }

  private async single(spec: CommandSpec): Promise<void> {
    const before = await this.serverSnapshot();
    const envelope = envelopeOf(spec, this.nextId(spec.actor), before.meeting);
    const record = { envelope, committedVersion: null as number | null };
    this.actors[spec.actor].sent.push(record);
    const ack = await this.send(spec.actor, envelope);
    this.expectAckFor(spec, ack);
    const after = (await this.serverSnapshot()).version;
    expect(after - before.version, 'one command, at most one version').toBeLessThanOrEqual(1);
    if (ack.ok && !ack.duplicate && after === before.version + 1) {
      expect(ack.version, 'the ack names the version the command made').toBe(after);
      record.committedVersion = after;
    }
    if (!ack.ok) expect(after, 'a refused command changed the meeting').toBe(before.version);
  }

  private async junk(step: Extract<Step, { kind: 'junk' }>): Promise<void> {
    const actor = this.actors[step.actor];
    // Untyped on purpose: junk is whatever a hostile client can put on the wire.
    const socket = actor.socket as unknown as Socket;
    // The server's handlers answer only when the ack is where they expect it.
    const answers =
      step.withAck &&
      ((step.event === 'clock' && step.args.length === 0) ||
        ((step.event === 'command' || step.event === 'sync') && step.args.length === 1));
    if (!step.withAck) {
      socket.emit(step.event, ...step.args);
    } else if (!answers) {
      socket.emit(step.event, ...step.args, (...reply: unknown[]) => actor.received.push({ event: 'ack', args: reply }));
    } else {
      const reply: unknown = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(step.event, ...step.args);
      actor.received.push({ event: `${step.event} ack`, args: [reply] });
      if (step.event === 'clock') expect(typeof reply).toBe('number');
      else if (step.event === 'sync') actor.integrateSync(reply);
      else this.checkAck(step.actor, reply);
    }
    // A round trip on the same socket: whatever the junk did has been handled by now.
    await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('clock');
  }

  private nextId(actor: ActorName): string {
    return `fz-${actor}-${++serial}`;
  }

  private async send(actor: ActorName, envelope: unknown): Promise<CommandAck> {
    const reply: unknown = await this.actors[actor].socket.timeout(ACK_TIMEOUT_MS).emitWithAck('command', envelope as never);
    return this.checkAck(actor, reply);
  }

  private checkAck(actor: ActorName, reply: unknown): CommandAck {
    this.actors[actor].received.push({ event: 'command ack', args: [reply] });
    const parsed = CommandAckShape.safeParse(reply);
    if (!parsed.success) throw new Error(`${actor} got an ack of the wrong shape: ${JSON.stringify(reply)}`);
    const ack = reply as CommandAck;
    countAck(ack);
    if (!ack.ok && ack.error.code === 'internal') throw new Error(`${actor} got an internal error: ${JSON.stringify(ack)}`);
    if (ack.ok && !ack.duplicate) stats.commits++;
    return ack;
  }

  /** The outcomes the gateway's order of checks (envelope, type, role, payload) makes certain. */
  private expectAckFor(spec: CommandSpec, ack: CommandAck): void {
    if (!ack.ok && ack.error.code === 'rate_limited') return;
    const what = `${spec.type} from ${spec.actor} with damage '${spec.damage}'`;
    if (MALFORMED.has(spec.damage)) expect(ack, what).toMatchObject({ ok: false, error: { code: 'invalid' } });
    else if (!commandRoles[spec.type].includes(ACTOR_ROLES[spec.actor]))
      expect(ack, what).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    else if (BAD_PAYLOAD.has(spec.damage)) expect(ack, what).toMatchObject({ ok: false, error: { code: 'invalid' } });
  }

  // -------------------------------------------------------------------------
  // Checks after every step
  // -------------------------------------------------------------------------

  async check(): Promise<void> {
    const health = await fetch(`${this.server.url}/healthz`);
    expect(health.status, '/healthz').toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const snapshot = await this.serverSnapshot();
    // The snapshot welcomes are made of (the service's cache) is the store's.
    expect(await this.server.store.loadMeeting(this.meetingId), 'the cached snapshot is the stored one').toEqual(snapshot);
    await this.learnQuestions();

    const actors = Object.values(this.actors);
    await Promise.all(
      actors.map((actor) =>
        actor.until(
          `v${snapshot.version} (holds v${actor.version()})`,
          () => actor.version() === snapshot.version && actor.local.early.length === 0 && !actor.resyncing,
        ),
      ),
    );
    for (const actor of actors) {
      expect(actor.violations, actor.name).toEqual([]);
      expect(actor.client?.socket.connected, `${actor.name} is connected`).toBe(true);
      expect(actor.local.snapshot, `what ${actor.name} holds is its projection of the meeting`).toEqual(
        projectSnapshot(actor.viewer, snapshot),
      );
      this.scan(actor, actor.received.splice(0));
    }
  }

  /** At the end of a sequence: every audience, and the public HTTP snapshot, once more from scratch. */
  async finalCheck(): Promise<void> {
    for (const name of ACTORS) await this.run({ kind: 'freshJoin', actor: name });
    const response = await fetch(`${this.server.url}/api/meetings/${this.meetingId}`);
    expect(response.status).toBe(200);
    const body: unknown = await response.json();
    this.scan(this.actors.attendee, [body]);
    expect(body, 'the public HTTP snapshot is the attendee view').toEqual(this.actors.attendee.local.snapshot);
  }

  private async learnQuestions(): Promise<void> {
    const changes = await this.server.store.changesSince(this.meetingId, this.truthVersion, 100_000);
    if (!changes) throw new Error('the change log lost changes');
    for (const change of changes) {
      for (const event of change.events) {
        if ('question' in event && !this.truth.has(event.question.id)) {
          this.truth.set(event.question.id, {
            authorId: event.question.author?.participantId ?? null,
            anonymous: event.question.anonymous,
          });
        }
      }
      this.truthVersion = change.version;
    }
  }

  /** Walks every received payload: no secret anywhere, and no question an audience may not see. */
  private scan(actor: Actor, payloads: unknown[]): void {
    const leaks: string[] = [];
    const visit = (value: unknown, path: string): void => {
      if (typeof value === 'string') {
        for (const secret of this.secrets) if (value.includes(secret)) leaks.push(`${path}: a key, key hash or token`);
        return;
      }
      if (typeof value !== 'object' || value === null) return;
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) visit(item, `${path}[${i}]`);
        return;
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) if (SECRET_FIELDS.has(key)) leaks.push(`${path}.${key}: a secret field`);
      if (looksLikeQuestion(record) && actor.viewer.role !== 'moderator') this.checkQuestion(actor.viewer, record, path, leaks);
      for (const [key, item] of Object.entries(record)) visit(item, `${path}.${key}`);
    };
    for (const payload of payloads) {
      stats.payloadsScanned++;
      visit(payload, actor.name);
    }
    expect(leaks, `what ${actor.name} (${actor.viewer.role}) received`).toEqual([]);
  }

  private checkQuestion(viewer: Viewer, question: Record<string, unknown>, path: string, leaks: string[]): void {
    const truth = this.truth.get(question.id as string);
    if (!truth) {
      leaks.push(`${path}: a question the server never had`);
      return;
    }
    if (viewer.participantId !== null && truth.authorId === viewer.participantId) return;
    if (question.status !== 'approved' && question.status !== 'answered')
      leaks.push(`${path}: a ${String(question.status)} question`);
    if (question.dismissReason !== '') leaks.push(`${path}: a dismissal reason`);
    if (truth.anonymous && question.author !== null) leaks.push(`${path}: the author of an anonymous question`);
  }
}

/** Resolves run-time references against the meeting's state. */
function resolve(value: unknown, state: MeetingState): unknown {
  if (isRef(value)) {
    const current = state.floor.current?.entry.id ?? null;
    const pool: (string | null)[] =
      value.$ref === 'item'
        ? state.agenda.items.map((item) => item.id)
        : value.$ref === 'entry'
          ? state.floor.queue.map((entry) => entry.id)
          : value.$ref === 'question'
            ? state.questions.items.map((question) => question.id)
            : value.$ref === 'undo'
              ? state.undo.map((offer) => offer.id)
              : value.$ref === 'person'
                ? state.floor.people.map((person) => person.id)
                : value.$ref === 'spoken'
                  ? state.floor.spoken.map((turn) => turn.entry.id)
                  : [current];
    const picked = pool.length > 0 ? pool[value.pick % pool.length] : null;
    return picked ?? (value.$ref === 'currentOrNull' ? null : `missing-${value.$ref}`);
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, state));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item, state)]));
  return value;
}

/** The envelope a command spec makes, damaged as it says. */
export function envelopeOf(spec: CommandSpec, id: string, state: MeetingState): unknown {
  const payload = resolve(spec.payload, state) as Record<string, unknown>;
  const { type } = spec;
  const firstKey = Object.keys(payload)[0];
  switch (spec.damage) {
    case 'none':
      return { id, type, payload };
    case 'unknownType':
      return { id, type: `${type}.nope`, payload };
    case 'longType':
      return { id, type: `${type}${'x'.repeat(64)}`, payload };
    case 'typeNumber':
      return { id, type: 7, payload };
    case 'noId':
      return { type, payload };
    case 'emptyId':
      return { id: '', type, payload };
    case 'longId':
      return { id: 'i'.repeat(65), type, payload };
    case 'idNumber':
      return { id: 12345, type, payload };
    case 'extraKey':
      return { id, type, payload, sender: 'chair' };
    case 'noPayload':
      return { id, type };
    case 'nullPayload':
      return { id, type, payload: null };
    case 'nonObjectPayload':
      return { id, type, payload: [payload] };
    case 'protoPayload':
      return { id, type, payload: { ...payload, ...JSON.parse('{"__proto__":{"role":"moderator"}}') } };
    case 'wrongFieldType':
      // An object is the wrong type for every field of every command (texts, numbers, enums, lists, flags, ids).
      return { id, type, payload: { ...payload, [firstKey ?? 'unexpected']: { wrong: true } } };
    case 'oversizeField':
      return { id, type, payload: { ...payload, [firstKey ?? 'padding']: 'y'.repeat(20_000) } };
    case 'envelopeNull':
      return null;
    case 'envelopeArray':
      return [id, type, payload];
    case 'envelopeString':
      return JSON.stringify({ id, type, payload });
  }
}

let loopbackSerial = 0;

/** 127.0.0.0/8 is all loopback on Linux: a different source address for every meeting. */
function nextLoopbackAddress(): string {
  const n = ++loopbackSerial;
  return `127.${1 + (Math.floor(n / 65_536) % 250)}.${Math.floor(n / 256) % 256}.${(n % 254) + 1}`;
}

/** POSTs JSON from `localAddress` and returns the 201 answer's body. */
function postJson(url: string, body: unknown, localAddress: string): Promise<unknown> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode === 201) resolve(JSON.parse(text));
          else reject(new Error(`POST ${url}: ${res.statusCode} ${text}`));
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
