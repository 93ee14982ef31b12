// Generated message traffic for comparing the message tables' readers with the code before them: many
// agents and teams, every kind and state, replies by replyTo and by correlation, latencies with ties.
import { messageMigrations } from '../../src/messages/message-migrations';
import { openStore, type Store } from '../../src/store/store';

export const T0 = Date.UTC(2026, 11, 1);
const KINDS = ['notification', 'request', 'reply', 'instruction', 'status', 'handoff'];
const STATES = ['acked', 'acked', 'delivered', 'queued', 'expired', 'denied', 'held'];

/** `n` messages among 9 agents and the human in 3 teams (a few with a second copy). */
export function traffic(n: number): Store {
  const store = openStore(':memory:', [messageMigrations]);
  // mulberry32: a fixed seed, so every run is the same traffic.
  let seed = 11;
  const pick = (k: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
  const message =
    store.prepare(`INSERT INTO messages (id, kind, sender_id, sender_team_id, body, correlation_id,
    reply_to, priority, content_hash, created_ms) VALUES (?, ?, ?, ?, 'b', ?, ?, 1, ?, ?)`);
  const copy =
    store.prepare(`INSERT INTO message_deliveries (message_id, recipient_id, recipient_team_id, sender_id,
    sender_team_id, kind, priority, content_hash, state, created_ms, delivered_ms, pane_state)
    VALUES (?, ?, ?, ?, ?, ?, 1, 'h', ?, ?, ?, ?)`);
  const requests: { id: string; from: string; to: string; correlation: string | null }[] = [];
  store.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = T0 + i * 1000;
      let kind = KINDS[pick(KINDS.length)]!;
      let [from, to] = [`agent-${pick(9)}`, `agent-${pick(9)}`];
      if (from === to) to = 'human';
      let [correlation, replyTo]: (string | null)[] = [null, null];
      const asked = requests[pick(Math.max(1, requests.length))];
      if (kind === 'reply' && asked) {
        [from, to] = pick(5) === 0 ? [to, from] : [asked.to, asked.from];
        if (pick(2)) replyTo = asked.id;
        else correlation = asked.correlation ?? asked.id;
      }
      const id = `m${i}`;
      if (kind === 'request') {
        correlation = pick(3) === 0 ? `job-${i}` : null;
        requests.push({ id, from, to, correlation });
      } else if (kind !== 'reply' && pick(10) === 0) correlation = `job-${pick(i + 1)}`;
      message.run(id, kind, from, `team-${pick(3)}`, correlation, replyTo, `h${i}`, at);
      const delivered = pick(4) === 0 ? null : at + pick(50);
      const teams = [`team-${pick(3)}`, `team-${pick(3)}`];
      const pane = pick(15) === 0 ? 'failed' : 'none';
      copy.run(id, to, teams[0], from, teams[1], kind, STATES[pick(STATES.length)], at, delivered, pane);
      if (pick(20) === 0) kind = 'x'; // a few messages with a second copy (a group address)
      if (kind === 'x' && to !== 'agent-9')
        copy.run(id, 'agent-9', null, from, teams[1], 'notification', 'acked', at, at, 'none');
    }
  });
  return store;
}
