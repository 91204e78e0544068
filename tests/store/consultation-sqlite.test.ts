import { SqliteConsultationStore } from '../../server/consultations/store-sqlite.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { consultationStoreContract } from './consultation-contract.js';

consultationStoreContract('SQLite', async () => {
  const meetings = new SqliteStore(null);
  return { store: new SqliteConsultationStore(meetings.database), close: () => meetings.close() };
});
