// HTTP clients for a benchmark that runs at several concurrencies: each caller is a session of its
// own, opened the first time a round needs that many and kept for the rounds after.

export interface SessionsOnDemand<Session> {
  /** The first `count` sessions, opening those not open yet. */
  first(count: number): Promise<Session[]>;
  close(): Promise<void>;
}

export function sessionsOnDemand<Session extends { close(): Promise<void> }>(
  open: () => Promise<Session>,
): SessionsOnDemand<Session> {
  const sessions: Session[] = [];
  return {
    async first(count) {
      while (sessions.length < count) sessions.push(await open());
      return sessions.slice(0, count);
    },
    async close() {
      await Promise.all(sessions.map((session) => session.close()));
    },
  };
}
