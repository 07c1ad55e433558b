/** What events, reminders, digests, broadcasts and statistics say, in each reply language. */
import type { OutboxStatus } from './ports.js';
import { TOPICS } from './topics.js';
import type { FeedbackReason, Lang, TopicId } from './types.js';

const topicName = (topic: TopicId | 'all', lang: Lang) =>
  topic === 'all' ? { 'zh-Hant': '所有主題', 'zh-Hans': '所有主题', en: 'all topics' }[lang] : TOPICS[topic].label[lang];

/** `7d` → "7 天" / "7 days". */
function offsetWords(offset: string, lang: Lang): string {
  const m = /^(\d+)([mhdw])$/.exec(offset);
  if (!m) return offset;
  const n = Number(m[1]);
  const unit = m[2] as 'm' | 'h' | 'd' | 'w';
  const zh = { m: '分鐘', h: '小時', d: '天', w: '星期' }[unit];
  const hans = { m: '分钟', h: '小时', d: '天', w: '星期' }[unit];
  const en = { m: 'minute', h: 'hour', d: 'day', w: 'week' }[unit];
  if (lang === 'zh-Hant') return `${n} ${zh}`;
  if (lang === 'zh-Hans') return `${n} ${hans}`;
  return `${n} ${en}${n === 1 ? '' : 's'}`;
}

export interface StaffStrings {
  reminderHeading(title: string, offset: string): string;
  buttonEvents: string;
  eventsHeading(scope: 'mine' | 'all'): string;
  noEvents(scope: 'mine' | 'all'): string;
  eventsFootnote: string;
  eventUsage: string;
  eventAdded(id: string, remind: string[]): string;
  eventExists(id: string): string;
  eventInPast: string;
  eventInvalid(reason: string): string;
  eventCancelled(id: string, title: string): string;
  eventUnknown(id: string): string;
  /** `/event <verb>` that is neither add nor cancel with one id. */
  eventWhat(verb: string): string;
  staffOnly: string;
  digestOn: string;
  digestOff: string;
  digestStatus(on: boolean): string;
  digestHeading: string;
  broadcastUsage: string;
  /** The first word after /broadcast is not a topic id (staff typed a Chinese name, or a typo). */
  broadcastUnknownTopic(word: string): string;
  broadcastNoText: string;
  broadcastTooLong(length: number, max: number): string;
  broadcastRefused: string;
  broadcastHeading(topic: TopicId | 'all'): string;
  previewIntro(count: number, topic: TopicId | 'all'): string;
  previewVariant(lang: Lang, count: number): string;
  noRecipients(topic: TopicId | 'all'): string;
  broadcastConfirmed(count: number): string;
  broadcastAlready(status: string): string;
  broadcastUnknown: string;
  broadcastCancelled: string;
  broadcastReport(id: number, counts: Record<OutboxStatus, number>): string;
  statsTitle: string;
  statsQuestions(days: number, total: number, answered: number): string;
  statsTopUnanswered: string;
  statsNoUnanswered: string;
  statsFeedback(up: number, down: number): string;
  /** Heading over the questions whose answers got 👎, and each reason's name. */
  statsDownvoted: string;
  statsReason: Record<FeedbackReason | 'none', string>;
  statsSubscribers: string;
  topicName(topic: TopicId | 'all'): string;
}

const percent = (answered: number, total: number) => (total ? `${Math.round((answered / total) * 100)}%` : '—');

const hant: StaffStrings = {
  reminderHeading: (title, offset) => `⏰ 提醒：${title}（${offsetWords(offset, 'zh-Hant')}後開始）`,
  buttonEvents: '即將舉行的活動',
  eventsHeading: (scope) => (scope === 'mine' ? '即將舉行的活動（你訂閱的主題）' : '即將舉行的活動（所有主題）'),
  noEvents: (scope) =>
    scope === 'mine'
      ? '你訂閱的主題暫時沒有已確認日期的活動。日期經職員確認後會在此列出，活動前會提醒你。'
      : '目前暫時沒有已確認日期的活動。日期經職員確認後會在此列出，訂閱主題即可收到提醒。',
  eventsFootnote: '時間均為香港時間。',
  eventUsage:
    '用法：\n/event add <id> <主題> <YYYY-MM-DD> <HH:MM> <標題> | place: 地點 | url: https://… | remind: 7d,1d\n/event cancel <id>\n時間為香港時間；主題：exam、trademark、overseas、genuine、award、seminar。',
  eventAdded: (id, remind) => `已加入活動 ${id}。提醒：開始前 ${remind.map((r) => offsetWords(r, 'zh-Hant')).join('、')}。`,
  eventExists: (id) => `已有 id 為 ${id} 的活動；請用另一個 id，或先 /event cancel ${id}。`,
  eventInPast: '開始時間已過，沒有加入。',
  eventInvalid: (reason) => `活動格式有誤：${reason}`,
  eventCancelled: (id, title) => `已取消活動 ${id}（${title}），不會再發送提醒。`,
  eventUnknown: (id) => `找不到 id 為 ${id} 的活動。`,
  eventWhat: (verb) => (verb === 'cancel' ? '請寫上要取消的活動 id（只可一個）。' : `不認識「/event ${verb}」：只有 add 和 cancel。`),
  staffOnly: '此指令只供職員使用。',
  digestOn: '已開啟每週摘要：逢星期一上午 10 時（香港時間）發送未來兩星期你訂閱主題的活動。',
  digestOff: '已關閉每週摘要。',
  digestStatus: (on) => `每週摘要目前${on ? '已開啟' : '已關閉'}。用 /digest on 或 /digest off 更改。`,
  digestHeading: '📅 每週摘要：未來兩星期的活動',
  broadcastUsage: '用法：/broadcast <主題|all> <內容>\n主題：exam、trademark、overseas、genuine、award、seminar。',
  broadcastUnknownTopic: (w) => `「${w}」不是主題代號，請用 exam、trademark、overseas、genuine、award、seminar 或 all。`,
  broadcastNoText: '廣播沒有內容：請在主題後寫上要發送的文字。',
  broadcastTooLong: (n, max) => `廣播太長：${n} 字，上限 ${max} 字。`,
  broadcastRefused: '只有職員可以發送廣播。',
  broadcastHeading: (topic) => `📢 ${topic === 'all' ? 'ipbot' : TOPICS[topic].label['zh-Hant']} 公告`,
  previewIntro: (count, topic) => `廣播預覽（${topicName(topic, 'zh-Hant')}）：將發送給 ${count} 位訂閱者。以下是他們會看到的內容，按「確認發送」後才會發出。`,
  previewVariant: (lang, count) => `${{ 'zh-Hant': '繁體', 'zh-Hans': '簡體', en: '英文介面' }[lang]}訂閱者（${count} 位）會看到：`,
  noRecipients: (topic) =>
    topic === 'all' ? '目前沒有人訂閱任何主題，沒有可發送的對象。' : `「${topicName(topic, 'zh-Hant')}」目前沒有訂閱者，沒有可發送的對象。`,
  broadcastConfirmed: (count) => `已開始發送給 ${count} 位訂閱者，完成後會通知你結果。`,
  broadcastAlready: (status) => `這個廣播已${{ sending: '在發送中', done: '發送完成', cancelled: '取消' }[status] ?? '處理'}，不會重複發送。`,
  broadcastUnknown: '找不到這個廣播。',
  broadcastCancelled: '已取消廣播，沒有發送任何訊息。',
  broadcastReport: (id, c) =>
    `廣播 #${id} 發送完成：成功 ${c.sent}，失敗 ${c.failed}，已封鎖 ${c.blocked}${c.unknown ? `，未能確認 ${c.unknown}` : ''}。`,
  statsTitle: '📊 統計',
  statsQuestions: (days, total, answered) => `過去 ${days} 天：${total} 條問題，已回答 ${answered}（${percent(answered, total)}）`,
  statsTopUnanswered: '最常見的未回答問題（30 天，繁簡合併）：',
  statsNoUnanswered: '過去 30 天沒有未回答的問題。',
  statsFeedback: (up, down) => `意見回饋（30 天）：👍 ${up}　👎 ${down}`,
  statsDownvoted: '答案被評 👎 的問題（30 天）：',
  statsReason: { wrong: '引錯段落', outdated: '資料過時', unclear: '難以閱讀', other: '其他', none: '未說明' },
  statsSubscribers: '各主題訂閱人數：',
  topicName: (topic) => topicName(topic, 'zh-Hant'),
};

const hans: StaffStrings = {
  reminderHeading: (title, offset) => `⏰ 提醒：${title}（${offsetWords(offset, 'zh-Hans')}后开始）`,
  buttonEvents: '即将举行的活动',
  eventsHeading: (scope) => (scope === 'mine' ? '即将举行的活动（你订阅的主题）' : '即将举行的活动（所有主题）'),
  noEvents: (scope) =>
    scope === 'mine'
      ? '你订阅的主题暂时没有已确认日期的活动。日期经工作人员确认后会在此列出，活动前会提醒你。'
      : '目前暂时没有已确认日期的活动。日期经工作人员确认后会在此列出，订阅主题即可收到提醒。',
  eventsFootnote: '时间均为香港时间。',
  eventUsage:
    '用法：\n/event add <id> <主题> <YYYY-MM-DD> <HH:MM> <标题> | place: 地点 | url: https://… | remind: 7d,1d\n/event cancel <id>\n时间为香港时间；主题：exam、trademark、overseas、genuine、award、seminar。',
  eventAdded: (id, remind) => `已加入活动 ${id}。提醒：开始前 ${remind.map((r) => offsetWords(r, 'zh-Hans')).join('、')}。`,
  eventExists: (id) => `已有 id 为 ${id} 的活动；请用另一个 id，或先 /event cancel ${id}。`,
  eventInPast: '开始时间已过，没有加入。',
  eventInvalid: (reason) => `活动格式有误：${reason}`,
  eventCancelled: (id, title) => `已取消活动 ${id}（${title}），不会再发送提醒。`,
  eventUnknown: (id) => `找不到 id 为 ${id} 的活动。`,
  eventWhat: (verb) => (verb === 'cancel' ? '请写上要取消的活动 id（只可一个）。' : `不认识“/event ${verb}”：只有 add 和 cancel。`),
  staffOnly: '此指令只供工作人员使用。',
  digestOn: '已开启每周摘要：每周一上午 10 时（香港时间）发送未来两周你订阅主题的活动。',
  digestOff: '已关闭每周摘要。',
  digestStatus: (on) => `每周摘要目前${on ? '已开启' : '已关闭'}。用 /digest on 或 /digest off 更改。`,
  digestHeading: '📅 每周摘要：未来两周的活动',
  broadcastUsage: '用法：/broadcast <主题|all> <内容>\n主题：exam、trademark、overseas、genuine、award、seminar。',
  broadcastUnknownTopic: (w) => `“${w}”不是主题代号，请用 exam、trademark、overseas、genuine、award、seminar 或 all。`,
  broadcastNoText: '广播没有内容：请在主题后写上要发送的文字。',
  broadcastTooLong: (n, max) => `广播太长：${n} 字，上限 ${max} 字。`,
  broadcastRefused: '只有工作人员可以发送广播。',
  broadcastHeading: (topic) => `📢 ${topic === 'all' ? 'ipbot' : TOPICS[topic].label['zh-Hans']} 公告`,
  previewIntro: (count, topic) => `广播预览（${topicName(topic, 'zh-Hans')}）：将发送给 ${count} 位订阅者。以下是他们会看到的内容，按“确认发送”后才会发出。`,
  previewVariant: (lang, count) => `${{ 'zh-Hant': '繁体', 'zh-Hans': '简体', en: '英文界面' }[lang]}订阅者（${count} 位）会看到：`,
  noRecipients: (topic) =>
    topic === 'all' ? '目前没有人订阅任何主题，没有可发送的对象。' : `“${topicName(topic, 'zh-Hans')}”目前没有订阅者，没有可发送的对象。`,
  broadcastConfirmed: (count) => `已开始发送给 ${count} 位订阅者，完成后会通知你结果。`,
  broadcastAlready: (status) => `这个广播已${{ sending: '在发送中', done: '发送完成', cancelled: '取消' }[status] ?? '处理'}，不会重复发送。`,
  broadcastUnknown: '找不到这个广播。',
  broadcastCancelled: '已取消广播，没有发送任何消息。',
  broadcastReport: (id, c) =>
    `广播 #${id} 发送完成：成功 ${c.sent}，失败 ${c.failed}，已屏蔽 ${c.blocked}${c.unknown ? `，未能确认 ${c.unknown}` : ''}。`,
  statsTitle: '📊 统计',
  statsQuestions: (days, total, answered) => `过去 ${days} 天：${total} 条问题，已回答 ${answered}（${percent(answered, total)}）`,
  statsTopUnanswered: '最常见的未回答问题（30 天，繁简合并）：',
  statsNoUnanswered: '过去 30 天没有未回答的问题。',
  statsFeedback: (up, down) => `意见反馈（30 天）：👍 ${up}　👎 ${down}`,
  statsDownvoted: '答案被评 👎 的问题（30 天）：',
  statsReason: { wrong: '引错段落', outdated: '资料过时', unclear: '难以阅读', other: '其他', none: '未说明' },
  statsSubscribers: '各主题订阅人数：',
  topicName: (topic) => topicName(topic, 'zh-Hans'),
};

const en: StaffStrings = {
  reminderHeading: (title, offset) => `⏰ Reminder: ${title} (starts in ${offsetWords(offset, 'en')})`,
  buttonEvents: 'Upcoming events',
  eventsHeading: (scope) => (scope === 'mine' ? 'Upcoming events (your topics)' : 'Upcoming events (all topics)'),
  noEvents: (scope) =>
    scope === 'mine'
      ? "No events with a confirmed date for your topics yet. Staff list them here once dates are confirmed, and you'll be reminded before each."
      : 'No events with a confirmed date yet. Staff list them here once dates are confirmed; subscribe to a topic to be reminded.',
  eventsFootnote: 'All times are Hong Kong time.',
  eventUsage:
    'Usage:\n/event add <id> <topic> <YYYY-MM-DD> <HH:MM> <title> | place: … | url: https://… | remind: 7d,1d\n/event cancel <id>\nHong Kong time; topics: exam, trademark, overseas, genuine, award, seminar.',
  eventAdded: (id, remind) => `Added event ${id}. Reminders: ${remind.map((r) => offsetWords(r, 'en')).join(', ')} before it starts.`,
  eventExists: (id) => `An event with id ${id} already exists; use another id, or /event cancel ${id} first.`,
  eventInPast: 'That start time has already passed; nothing was added.',
  eventInvalid: (reason) => `The event is not valid: ${reason}`,
  eventCancelled: (id, title) => `Cancelled event ${id} (${title}); no more reminders will be sent for it.`,
  eventUnknown: (id) => `No event has the id ${id}.`,
  eventWhat: (verb) =>
    verb === 'cancel' ? 'Give the id of the one event to cancel.' : `Unknown "/event ${verb}": use add or cancel.`,
  staffOnly: 'This command is for staff only.',
  digestOn: 'Weekly digest on: every Monday at 10:00 Hong Kong time, the next two weeks’ events of your topics.',
  digestOff: 'Weekly digest off.',
  digestStatus: (on) => `The weekly digest is ${on ? 'on' : 'off'}. Change it with /digest on or /digest off.`,
  digestHeading: '📅 Weekly digest: events in the next two weeks',
  broadcastUsage: 'Usage: /broadcast <topic|all> <text>\nTopics: exam, trademark, overseas, genuine, award, seminar.',
  broadcastUnknownTopic: (w) => `"${w}" is not a topic id; use exam, trademark, overseas, genuine, award, seminar or all.`,
  broadcastNoText: 'The broadcast has no text: write the message after the topic.',
  broadcastTooLong: (n, max) => `The broadcast is too long: ${n} characters, at most ${max}.`,
  broadcastRefused: 'Only staff can send broadcasts.',
  broadcastHeading: (topic) => `📢 ${topic === 'all' ? 'ipbot' : TOPICS[topic].label.en} announcement`,
  previewIntro: (count, topic) =>
    `Broadcast preview (${topicName(topic, 'en')}): ${count} subscriber${count === 1 ? '' : 's'} will get it. This is exactly what they will see; nothing is sent until you confirm.`,
  previewVariant: (lang, count) => `${{ 'zh-Hant': 'Traditional Chinese', 'zh-Hans': 'Simplified Chinese', en: 'English' }[lang]} subscribers (${count}) will see:`,
  // 'all' means subscribers of any topic: "subscribed to all topics" would say something else.
  noRecipients: (topic) =>
    `Nobody is subscribed to ${topic === 'all' ? 'any topic' : topicName(topic, 'en')} yet, so there is no one to send to.`,
  broadcastConfirmed: (count) => `Sending to ${count} subscriber${count === 1 ? '' : 's'}; you will get a delivery report when it finishes.`,
  broadcastAlready: (status) => `This broadcast is already ${{ sending: 'being sent', done: 'sent', cancelled: 'cancelled' }[status] ?? 'handled'}; it will not be sent twice.`,
  broadcastUnknown: 'That broadcast does not exist.',
  broadcastCancelled: 'Broadcast cancelled; nothing was sent.',
  broadcastReport: (id, c) =>
    `Broadcast #${id} finished: ${c.sent} sent, ${c.failed} failed, ${c.blocked} blocked${c.unknown ? `, ${c.unknown} unconfirmed` : ''}.`,
  statsTitle: '📊 Statistics',
  statsQuestions: (days, total, answered) => `Last ${days} days: ${total} questions, ${answered} answered (${percent(answered, total)})`,
  statsTopUnanswered: 'Top unanswered questions (30 days, scripts merged):',
  statsNoUnanswered: 'No unanswered questions in the last 30 days.',
  statsFeedback: (up, down) => `Feedback (30 days): 👍 ${up}  👎 ${down}`,
  statsDownvoted: 'Questions whose answers got 👎 (30 days):',
  statsReason: { wrong: 'wrong passage', outdated: 'out of date', unclear: 'hard to read', other: 'other', none: 'no reason given' },
  statsSubscribers: 'Subscribers per topic:',
  topicName: (topic) => topicName(topic, 'en'),
};

export const STAFF_UI: Record<Lang, StaffStrings> = { 'zh-Hant': hant, 'zh-Hans': hans, en };

/** Confirm and cancel labels are bilingual on purpose: staff may share one admin chat. */
export const CONFIRM_LABEL = '確認發送 / Confirm & send';
export const CANCEL_LABEL = '取消 / Cancel';

// ---------------------------------------------------------------- delivery states (reliability)

/** How far proactive messages got: pending (to be retried), sent, failed, unconfirmed, blocked. */
export type DeliveryState = 'pending' | 'sent' | 'failed' | 'unconfirmed' | 'blocked';
export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'sent', 'failed', 'unconfirmed', 'blocked'];

export interface StaffDeliveryStrings {
  /** After confirming a broadcast: until when undelivered messages are retried. */
  retriedUntil(time: string): string;
  statsDeliveries(days: number): string;
  statsReminders: string;
  statsBroadcasts: string;
  state: Record<DeliveryState, string>;
}

export const STAFF_DELIVERY_UI: Record<Lang, StaffDeliveryStrings> = {
  'zh-Hant': {
    retriedUntil: (time) => `未能即時送達的訊息會持續重試，直至 ${time}（香港時間）。`,
    statsDeliveries: (days) => `主動發送（${days} 天）：`,
    statsReminders: '活動提醒',
    statsBroadcasts: '廣播',
    state: { pending: '待發送', sent: '已送達', failed: '失敗', unconfirmed: '未能確認', blocked: '已封鎖' },
  },
  'zh-Hans': {
    retriedUntil: (time) => `未能即时送达的消息会持续重试，直至 ${time}（香港时间）。`,
    statsDeliveries: (days) => `主动发送（${days} 天）：`,
    statsReminders: '活动提醒',
    statsBroadcasts: '广播',
    state: { pending: '待发送', sent: '已送达', failed: '失败', unconfirmed: '未能确认', blocked: '已屏蔽' },
  },
  en: {
    retriedUntil: (time) => `Messages that cannot be delivered at once are retried until ${time} (Hong Kong time).`,
    statsDeliveries: (days) => `Proactive messages (${days} days):`,
    statsReminders: 'Reminders',
    statsBroadcasts: 'Broadcasts',
    state: { pending: 'pending', sent: 'sent', failed: 'failed', unconfirmed: 'unconfirmed', blocked: 'blocked' },
  },
};
