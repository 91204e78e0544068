/**
 * Socket.IO rooms of one meeting. Every socket is in exactly one audience
 * room (moderators, or everybody else) and, for a participant, in a room of
 * their own. "Everybody in the meeting" is both audience rooms together:
 * Socket.IO still encodes such a broadcast once, and a socket costs one room
 * less for as long as it stays.
 */
export const moderatorRoom = (meetingId: string) => `meeting:${meetingId}:moderators`;
export const publicRoom = (meetingId: string) => `meeting:${meetingId}:public`;
export const participantRoom = (meetingId: string, participantId: string) => `meeting:${meetingId}:participant:${participantId}`;
export const everybody = (meetingId: string) => [moderatorRoom(meetingId), publicRoom(meetingId)];
/** The sockets of one co-moderator link, so that revoking it disconnects them on every instance. */
export const moderatorLinkRoom = (meetingId: string, linkId: string) => `meeting:${meetingId}:link:${linkId}`;
