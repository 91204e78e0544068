/** Socket.IO rooms of one meeting: everybody, moderators, everybody else, and each participant. */
export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
export const moderatorRoom = (meetingId: string) => `meeting:${meetingId}:moderators`;
export const publicRoom = (meetingId: string) => `meeting:${meetingId}:public`;
export const participantRoom = (meetingId: string, participantId: string) => `meeting:${meetingId}:participant:${participantId}`;
