import type { Logger } from 'pino';
import type { Viewer } from '../shared/audience.js';
import {
  type Command,
  CommandEnvelopeShape,
  commandPayloads,
  commandRoles,
  isCommandType,
  moderatorMay,
} from '../shared/commands.js';
import { DomainError, type ErrorBody, ErrorCode } from '../shared/errors.js';
import { toIssues } from '../shared/issues.js';
import type { ModeratorIdentity, Participant, Role } from '../shared/model.js';
import {
  type CommandAck,
  declaredProtocolVersion,
  HandshakeAuth,
  type HandshakeErrorData,
  PROTOCOL_VERSION,
  type SyncAck,
} from '../shared/protocol.js';
import { hashModeratorKey, type ParticipantTokens } from './auth/secrets.js';
import type { Delivery } from './fanout/delivery.js';
import type { PlenaryIo, PlenarySocket, SocketData } from './fanout/io.js';
import { moderatorLinkRoom, moderatorRoom, participantRoom, publicRoom } from './fanout/rooms.js';
import type { InFlight } from './in-flight.js';
import type { MeetingService } from './meetings/service.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence/presence.js';
import { clientAddress } from './security/client-address.js';
import type { OriginCheck } from './security/origin.js';
import type { RateLimits } from './security/rate-limits.js';
import { StoreUnavailableError } from './store/types.js';
import type { VoteTally } from './votes/tally.js';

export type { PlenaryIo, SocketData } from './fanout/io.js';

/** zod issues as they travel to clients: path, stable code, bound, message. */
export const zodIssues = toIssues;

/** Validation at the edge: the envelope, a known type, the role, then the payload. */
export function parseCommand(
  envelope: unknown,
  role: Role,
  moderator: ModeratorIdentity | null = null,
): { id: string; command: Command } {
  const outer = CommandEnvelopeShape.safeParse(envelope);
  if (!outer.success)
    throw new DomainError(ErrorCode.invalid, 'a command is { id, type, payload }', zodIssues(outer.error.issues));
  const { id, type, payload } = outer.data;
  if (!isCommandType(type)) throw new DomainError(ErrorCode.invalid, `unknown command type '${type}'`);
  if (!commandRoles[type].includes(role)) throw new DomainError(ErrorCode.forbidden, `the ${role} role may not send ${type}`);
  // Left out, the payload is `{}` (commands without fields may omit it); `null` is not an object and is refused.
  if (moderator && !moderatorMay(moderator.role, type)) {
    throw new DomainError(ErrorCode.forbidden, `the ${moderator.role} role may not send ${type}`);
  }
  const parsed = commandPayloads[type].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) throw new DomainError(ErrorCode.invalid, `invalid ${type} payload`, zodIssues(parsed.error.issues));
  return { id, command: { type, payload: parsed.data } as Command };
}

/** Turns anything thrown into an error body a client may see; unknown errors are logged, not revealed. */
export function toErrorBody(error: unknown, logger: Logger): ErrorBody {
  if (error instanceof DomainError) return error.toBody();
  if (error instanceof StoreUnavailableError) {
    return { code: ErrorCode.unavailable, message: 'the meeting store is unavailable; retry with the same command id' };
  }
  logger.error({ err: error }, 'unexpected error');
  return { code: ErrorCode.internal, message: 'something went wrong on the server' };
}

function handshakeError(data: HandshakeErrorData): Error {
  return Object.assign(new Error(data.message), { data });
}

export interface GatewayDeps {
  io: PlenaryIo;
  service: MeetingService;
  delivery: Delivery;
  presence: Presence;
  votes: VoteTally;
  tokens: ParticipantTokens;
  logger: Logger;
  /** Commands are counted per sender, across sockets and instances. */
  limits: RateLimits;
  /** Refuses handshakes from pages of other sites. */
  originAllowed: OriginCheck;
  metrics: Metrics;
  inFlight: InFlight;
}

/** Authenticates every connection from its handshake and wires its commands into the meeting service. */
export function attachGateway({
  io,
  service,
  delivery,
  presence,
  votes,
  tokens,
  logger,
  limits,
  originAllowed,
  metrics,
  inFlight,
}: GatewayDeps): void {
  const { points, seconds } = limits.settings.commands;
  const rateMessage = `at most ${points} commands ${seconds === 1 ? 'a second' : `in ${seconds} seconds`} from one person, all their connections together; wait a moment`;

  // The key each moderator connection was let in with, to check it again once the socket is in its room.
  const moderatorKeys = new WeakMap<object, string>();

  io.use(async (socket, next) => {
    const { origin, host } = socket.handshake.headers;
    if (!originAllowed(origin, host)) {
      return next(handshakeError({ code: 'forbidden_origin', message: 'pages of this origin may not connect to this server' }));
    }
    if (inFlight.draining)
      return next(handshakeError({ code: 'unavailable', message: 'this instance is stopping; connect again' }));
    const clientVersion = declaredProtocolVersion(socket.handshake.auth);
    if (clientVersion !== PROTOCOL_VERSION) {
      const message = `this server speaks protocol version ${PROTOCOL_VERSION}, the client ${String(clientVersion)}; reload the page`;
      return next(handshakeError({ code: 'incompatible', message }));
    }
    const auth = HandshakeAuth.safeParse(socket.handshake.auth);
    if (!auth.success) return next(handshakeError({ code: 'invalid', message: 'auth must carry a meetingId' }));
    const { meetingId, moderatorKey, token, display } = auth.data;
    try {
      const snapshot = await service.snapshot(meetingId);
      if (!snapshot) return next(handshakeError({ code: 'not_found', message: 'no such meeting' }));
      let role: Role = display ? 'display' : 'attendee';
      let participant: Participant | null = null;
      let sender = `a:${clientAddress(socket.handshake)}`;
      let moderator: ModeratorIdentity | null = null;
      if (moderatorKey !== undefined) {
        moderator = await service.moderatorIdentity(meetingId, moderatorKey);
        if (!moderator) {
          return next(handshakeError({ code: 'unauthorized', message: 'the moderator key is not valid for this meeting' }));
        }
        role = 'moderator';
        moderatorKeys.set(socket, moderatorKey);
        sender = `m:${hashModeratorKey(moderatorKey).slice(0, 16)}`;
      } else if (token !== undefined) {
        const checked = tokens.check(meetingId, token);
        if (!checked.ok) {
          return next(
            handshakeError(
              checked.reason === 'expired'
                ? {
                    code: 'unauthorized',
                    reason: 'expired',
                    message: 'the participant token has expired; join the meeting again',
                  }
                : { code: 'unauthorized', message: 'the participant token is not valid' },
            ),
          );
        }
        participant = checked.participant;
        role = 'participant';
        sender = `p:${participant.id}`;
      }
      socket.data = { meetingId, role, participant, sender, moderator };
      next();
    } catch (error) {
      const body = toErrorBody(error, logger);
      next(handshakeError({ code: body.code === 'unavailable' ? 'unavailable' : 'invalid', message: body.message }));
    }
  });

  // The handlers are made once and shared by every socket (`this` is the socket): a meeting with
  // thousands of connections keeps no closures per connection.
  const memberOf = ({ role, participant }: SocketData) => ({
    role,
    participantId: participant?.id,
    attendance: participant?.attendance,
  });
  const viewerOf = ({ role, participant }: SocketData): Viewer => ({ role, participantId: participant?.id ?? null });

  function onCommand(this: PlenarySocket, envelope: unknown, ack: unknown): void {
    if (typeof ack !== 'function') return;
    const reply = ack as (result: CommandAck) => void;
    const { meetingId, role, participant, sender, moderator } = this.data;
    void inFlight.run(async () => {
      let commandType = 'unknown';
      try {
        if (await limits.command(sender)) throw new DomainError(ErrorCode.rateLimited, rateMessage);
        const { id, command } = parseCommand(envelope, role, moderator);
        commandType = command.type;
        const result = await service.execute(meetingId, { sender, id }, command, { role, participant, moderator });
        const outcome = result.ok ? 'ok' : result.error.code;
        metrics.commands.inc({ type: commandType, result: outcome });
        logger.info({ meetingId, command: commandType, role, result: outcome }, 'command');
        reply(result);
      } catch (error) {
        const body = toErrorBody(error, logger);
        metrics.commands.inc({ type: commandType, result: body.code });
        logger.info({ meetingId, command: commandType, role, result: body.code }, 'command');
        reply({ ok: false, error: body });
      }
    });
  }

  async function onSync(this: PlenarySocket, request: unknown, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (result: SyncAck) => void;
    const raw = (request as { sinceVersion?: unknown } | null)?.sinceVersion;
    const since = typeof raw === 'number' ? raw : -1;
    const wantsSnapshot = (request as { snapshot?: unknown } | null)?.snapshot === true;
    if (!Number.isInteger(since) || since < 0) {
      reply({ ok: false, error: { code: ErrorCode.invalid, message: 'sinceVersion must be a whole number ≥ 0' } });
      return;
    }
    const viewer = viewerOf(this.data);
    try {
      reply(delivery.sync(viewer, await service.sync(this.data.meetingId, since, wantsSnapshot)));
    } catch (error) {
      reply({ ok: false, error: toErrorBody(error, logger) });
    }
  }

  function onClock(ack: unknown): void {
    if (typeof ack === 'function') ack(Date.now());
  }

  function onDisconnect(this: PlenarySocket): void {
    presence.leave(this.data.meetingId, memberOf(this.data));
    metrics.connectedClients.dec({ role: this.data.role });
  }

  io.on('connection', (socket: PlenarySocket) => {
    const { meetingId, role, participant, moderator } = socket.data;
    const viewer = viewerOf(socket.data);

    // Handlers first: a client may send a command the moment it is connected.
    socket.on('command', onCommand);
    socket.on('sync', onSync);
    socket.on('clock', onClock);
    socket.on('disconnect', onDisconnect);
    metrics.connectedClients.inc({ role });

    // Join the room before reading the snapshot: a change committed in between
    // then reaches this socket too, and the client drops what it already has.
    const rooms = [role === 'moderator' ? moderatorRoom(meetingId) : publicRoom(meetingId)];
    if (participant) rooms.push(participantRoom(meetingId, participant.id));
    if (moderator?.linkId) rooms.push(moderatorLinkRoom(meetingId, moderator.linkId));
    void socket.join(rooms);
    // Held for as long as the connection lasts, needed by nobody once it is in: the room of its own id
    // (Plenary never sends to one socket by id) and the handshake's headers and auth (which carry the token).
    void socket.leave(socket.id);
    socket.handshake.headers = {};
    socket.handshake.auth = {};
    (socket.conn as unknown as { request: unknown }).request = null;
    presence.join(meetingId, memberOf(socket.data));
    // A key replaced between the handshake's check and the join above disconnected the room without
    // this socket: check the key again now that a replacement would reach it.
    const moderatorKey = moderatorKeys.get(socket);
    moderatorKeys.delete(socket);
    Promise.all([
      moderatorKey === undefined
        ? true
        : service.moderatorIdentity(meetingId, moderatorKey).then((identity) => identity !== null),
      service.snapshot(meetingId),
      votes.welcome(meetingId),
      participant ? service.votesBy(meetingId, participant.id) : [],
    ])
      .then(([keyStillValid, snapshot, counts, myVotes]) => {
        if (!keyStillValid) {
          socket.disconnect(true);
          return;
        }
        if (!snapshot) throw new DomainError(ErrorCode.notFound, 'no such meeting');
        delivery.welcome(socket, viewer, snapshot, {
          role,
          self: participant,
          moderator,
          presence: presence.counts(meetingId),
          votes: counts.counts,
          votesSequence: counts.sequence,
          myVotes,
          serverTime: Date.now(),
        });
      })
      .catch((error: unknown) => {
        toErrorBody(error, logger);
        socket.disconnect(true);
      });
  });
}
