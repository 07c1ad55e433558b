/** Staff statistics: what people ask, how much is answered, what is missing, who subscribes. */
import { REACH_UI } from './messages.js';
import type { DeliveryCounts, DownvotedQuestion, HandoffCounts, HandoffStore, StatsStore, UnansweredGroup } from './ports.js';
import { DELIVERY_STATES, STAFF_DELIVERY_UI, STAFF_UI } from './staff-messages.js';
import { TOPIC_IDS, type Lang, type TopicId } from './types.js';

const DAY_MS = 86_400_000;

export interface StatsReport {
  at: string;
  last7: { total: number; answered: number };
  last30: { total: number; answered: number };
  /** Grouped by folded text, so Traditional and Simplified wordings of one question count once. */
  topUnanswered: UnansweredGroup[];
  feedback30: { up: number; down: number };
  /** The latest questions whose answers got 👎, with what was wrong. */
  downvoted: DownvotedQuestion[];
  subscribers: Record<TopicId, number>;
  /** Hand-offs to staff opened in the last 30 days: open, answered, median time to answer. */
  handoffs30: HandoffCounts;
  /** Reminders and broadcast messages of the last 30 days: pending, sent, failed, unconfirmed, blocked. */
  deliveries30: { reminders: DeliveryCounts; broadcasts: DeliveryCounts };
}

export function collectStats(storage: StatsStore & Pick<HandoffStore, 'handoffCounts'>, now: Date, limit = 10): StatsReport {
  const since7 = new Date(now.getTime() - 7 * DAY_MS);
  const since30 = new Date(now.getTime() - 30 * DAY_MS);
  return {
    at: now.toISOString(),
    last7: storage.countQuestions(since7),
    last30: storage.countQuestions(since30),
    topUnanswered: storage.topUnanswered(since30, limit),
    feedback30: storage.feedbackCounts(since30),
    downvoted: storage.downvoted(since30, limit),
    subscribers: storage.subscriberCounts(),
    handoffs30: storage.handoffCounts(since30),
    deliveries30: storage.deliveryCounts(since30),
  };
}

export function formatStats(r: StatsReport, lang: Lang): string {
  const ui = STAFF_UI[lang];
  const lines = [ui.statsTitle, ui.statsQuestions(7, r.last7.total, r.last7.answered), ui.statsQuestions(30, r.last30.total, r.last30.answered), ''];
  if (r.topUnanswered.length) {
    lines.push(ui.statsTopUnanswered);
    r.topUnanswered.forEach((g, i) => lines.push(`${i + 1}. ${g.example.replace(/\s+/g, ' ').slice(0, 120)} (×${g.count})`));
  } else {
    lines.push(ui.statsNoUnanswered);
  }
  lines.push('', ui.statsFeedback(r.feedback30.up, r.feedback30.down));
  if (r.downvoted.length) {
    lines.push(ui.statsDownvoted);
    r.downvoted.forEach((d, i) => lines.push(`${i + 1}. ${d.text.replace(/\s+/g, ' ').slice(0, 120)} (${ui.statsReason[d.reason ?? 'none']})`));
  }
  const h = r.handoffs30;
  lines.push(REACH_UI[lang].statsHandoffs(h.open, h.answered, h.medianAnswerMs));
  lines.push('', ui.statsSubscribers);
  for (const t of TOPIC_IDS) lines.push(`• ${ui.topicName(t)} (${t}): ${r.subscribers[t]}`);
  const delivery = STAFF_DELIVERY_UI[lang];
  const states = (c: DeliveryCounts) => DELIVERY_STATES.map((s) => `${delivery.state[s]} ${c[s]}`).join(lang === 'en' ? ', ' : '，');
  lines.push('', delivery.statsDeliveries(30));
  lines.push(`• ${delivery.statsReminders}: ${states(r.deliveries30.reminders)}`);
  lines.push(`• ${delivery.statsBroadcasts}: ${states(r.deliveries30.broadcasts)}`);
  return lines.join('\n');
}
