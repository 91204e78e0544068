import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { type PlenaryServer, startPlenary } from '../../server/app.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { MeetingStore } from '../../server/store/types.js';
import type { CreateConsultationInput } from '../../shared/consultation.js';

/** An ISO instant `ms` from now: calls that closed a second ago or close in a second, with no waiting. */
export const fromNow = (ms: number) => new Date(Date.now() + ms).toISOString();

const DAY = 86_400_000;

/** A consultation with one open call of each kind, one closed and one not yet open. */
export function sampleConsultation(): CreateConsultationInput {
  const open = { opensAt: fromNow(-DAY), closesAt: fromNow(30 * DAY) };
  return {
    title: 'WSIS Forum open consultation',
    description: 'Shaping the themes and the format.',
    organisers: 'ITU, UNESCO, UNCTAD, UNDP',
    timeZone: 'Europe/Zurich',
    languages: ['en', 'ar', 'fr'],
    phases: [
      { title: 'Launch', kind: 'launch', startsAt: fromNow(-2 * DAY) },
      {
        title: 'Final briefing',
        kind: 'briefing',
        startsAt: fromNow(40 * DAY),
        endsAt: fromNow(40 * DAY + 90 * 60_000),
        venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
        createMeeting: true,
      },
    ],
    calls: [
      { kind: 'views', title: 'Share your views', description: 'Written views on the themes and remote participation.', ...open },
      { kind: 'speaker_proposal', title: 'Propose speakers', ...open },
      { kind: 'workshop', title: 'Request a thematic workshop', ...open },
      { kind: 'exhibition', title: 'Request an exhibition booth', ...open },
      { kind: 'hltf_nomination', title: 'Nominate facilitators', ...open },
      { kind: 'photo', title: 'Photo contest', ...open },
      { kind: 'views', title: 'Closed a second ago', opensAt: fromNow(-DAY), closesAt: fromNow(-1_000) },
      { kind: 'views', title: 'Opens in an hour', opensAt: fromNow(3_600_000), closesAt: fromNow(DAY) },
    ],
  };
}

export const submitter = {
  name: 'Amina Haddad',
  email: 'amina@example.org',
  organisation: 'Ministry of Communications',
  stakeholderGroup: 'government',
  country: 'EG',
} as const;

/** A valid form of each kind. */
export const forms = {
  views: { themes: 'ICT for climate action', format: 'More remote panels', innovations: '' },
  speaker_proposal: {
    speaker: 'Li Wei',
    affiliation: 'Tsinghua University',
    stakeholderGroup: 'academia',
    gender: 'female',
    country: 'CN',
    topic: 'AI for the SDGs',
    bio: 'Professor of computer science.',
  },
  workshop: {
    title: 'Digital inclusion',
    description: 'A roundtable on connecting the unconnected.',
    organisers: 'APC',
    speakers: ['Ana Pérez', 'John Doe'],
    format: 'roundtable',
  },
  exhibition: { organisation: 'Open Source Lab', boothNeeds: 'Two tables and power' },
  hltf_nomination: {
    nominee: 'Marie Dupont',
    affiliation: 'ISOC',
    mechanism: 'Civil society coordination',
    statement: 'Experienced.',
  },
  photo: { title: 'Solar school', place: 'Kigali, Rwanda', caption: 'Children using tablets.', sdg: 4 },
} as const;

/** A JPEG with EXIF and a GPS position, as a phone would make it. */
export async function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a7' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '46/1 12/1 0/1' } })
    .toBuffer();
}

export interface ConsultationTestServer extends PlenaryServer {
  dataDir: string;
  /** The .eml files written so far, oldest first. */
  outbox(): string[];
  stop(): Promise<void>;
}

/** A real server on port 0 with consultations, a data folder of its own and its outbox. */
export async function startConsultationServer(
  store: MeetingStore = new SqliteStore(null),
  clientDir: string | null = null,
  now?: () => number,
): Promise<ConsultationTestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-consultation-'));
  const server = await startPlenary({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    clientDir,
    consultations: { dataDir, submissionsPerWindow: 1000, now },
  });
  return {
    ...server,
    dataDir,
    outbox() {
      const dir = join(dataDir, 'outbox');
      let names: string[] = [];
      try {
        names = readdirSync(dir).sort();
      } catch {
        return [];
      }
      return names.map((name) => readFileSync(join(dir, name), 'utf8'));
    },
    async stop() {
      await server.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
