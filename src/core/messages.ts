/** Everything the assistant says that does not come from the documents, in each reply language. */
import { TOPICS } from './topics.js';
import { TOPIC_IDS, type Lang, type TopicId } from './types.js';

/**
 * Telegram `language_code` / LINE profile language → reply language. Without a code, `fallback`:
 * the channel's own rule (its ChannelSender's `fallbackLang`).
 */
export function langFromLocale(code?: string, fallback: Lang = 'zh-Hant'): Lang {
  if (!code) return fallback;
  const c = code.toLowerCase().replace(/_/g, '-');
  if (c === 'yue' || c.startsWith('yue-')) return 'zh-Hant';
  if (c.startsWith('zh')) {
    if (/^zh-(hk|tw|mo|hant)/.test(c)) return 'zh-Hant';
    return 'zh-Hans';
  }
  return 'en';
}

export function topicLabel(topic: TopicId, lang: Lang): string {
  return TOPICS[topic].label[lang];
}

function topicList(lang: Lang): string {
  const sep = lang === 'en' ? ', ' : '、';
  return TOPIC_IDS.map((t) => topicLabel(t, lang)).join(sep);
}

export interface UiStrings {
  welcome: string;
  help: string;
  /** Appended to /help in a staff chat (ADMIN_IDS): the commands only staff can use. */
  staffHelp: string;
  chooseTopic: string;
  chooseTopicToSubscribe: string;
  chooseTopicToUnsubscribe: string;
  subscribed(topic: TopicId): string;
  alreadySubscribed(topic: TopicId): string;
  unsubscribed(topic: TopicId): string;
  notSubscribed(topic: TopicId): string;
  mySubs(topics: TopicId[]): string;
  unknownTopic(input: string): string;
  unknownCommand(command: string): string;
  chooseLang: string;
  /** `/lang` followed by something that names no language. */
  unknownLang(input: string): string;
  langSet: string;
  feedbackThanks(vote: 'up' | 'down'): string;
  feedbackUnknown: string;
  emptyMessage: string;
  buttonSubscribe: string;
  buttonUnsubscribe: string;
  buttonTopics: string;
  buttonHelp: string;
  buttonEvents: string;
  unsupportedAction: string;
  floodNotice: string;
  somethingWentWrong: string;
}

const hant: UiStrings = {
  welcome: `你好！我是 ipbot，粵港知識產權公共服務助手。\n\n你可以用繁體、簡體、英文或廣東話問我問題，例如「香港考生喺邊度考專利代理人考試？」。我會引用官方文件原文並註明出處。\n\n亦可以訂閱以下主題，有活動時提醒你：${topicList('zh-Hant')}。`,
  help: `我可以根據官方文件回答粵港知識產權合作的問題，並註明文件、章節及日期。\n\n直接輸入問題即可。指令：\n/topics 主題\n/subscribe 訂閱主題\n/unsubscribe 取消訂閱\n/mysubs 我的訂閱\n/events 即將舉行的活動\n/digest 每週活動摘要（on/off）\n/lang 語言\n\n涵蓋主題：${topicList('zh-Hant')}。`,
  staffHelp: '職員指令：\n/event add <id> <主題> <YYYY-MM-DD> <HH:MM> <標題> 加入活動\n/event cancel <id> 取消活動\n/broadcast <主題|all> <內容> 預覽並發送廣播\n/stats 統計',
  chooseTopic: '請選擇主題：',
  chooseTopicToSubscribe: '想訂閱哪個主題？',
  chooseTopicToUnsubscribe: '想取消訂閱哪個主題？',
  subscribed: (t) => `已訂閱「${topicLabel(t, 'zh-Hant')}」。有相關活動時會提醒你。`,
  alreadySubscribed: (t) => `你已經訂閱了「${topicLabel(t, 'zh-Hant')}」。`,
  unsubscribed: (t) => `已取消訂閱「${topicLabel(t, 'zh-Hant')}」。`,
  notSubscribed: (t) => `你沒有訂閱「${topicLabel(t, 'zh-Hant')}」。`,
  mySubs: (ts) =>
    ts.length === 0
      ? '你未有訂閱任何主題。輸入 /subscribe 開始訂閱。'
      : `你訂閱了：${ts.map((t) => topicLabel(t, 'zh-Hant')).join('、')}。`,
  unknownTopic: (s) => `找不到主題「${s}」。可選主題：${topicList('zh-Hant')}。`,
  unknownCommand: (c) => `不認識指令「/${c}」。輸入 /help 查看可用指令。`,
  chooseLang: '請選擇語言：',
  unknownLang: (s) => `不認識語言「${s}」。請選擇語言：`,
  langSet: '好的，之後會用繁體中文回覆你。',
  feedbackThanks: (v) => (v === 'up' ? '多謝你的意見！' : '多謝你的意見，我們會改進。'),
  feedbackUnknown: '找不到這個問題的紀錄，未能記錄意見。',
  emptyMessage: '請輸入你的問題，例如「香港考生喺邊度考專利代理人考試？」，或輸入 /help。',
  buttonSubscribe: '🔔 訂閱',
  buttonUnsubscribe: '🔕 取消訂閱',
  buttonTopics: '📚 主題',
  buttonHelp: '❓ 說明',
  buttonEvents: '📅 活動',
  unsupportedAction: '這個按鈕已失效，請再試一次。',
  floodNotice: '你傳送訊息太快了，請稍等一分鐘再試。',
  somethingWentWrong: '抱歉，處理你的訊息時出了問題，請稍後再試。',
};

const hans: UiStrings = {
  welcome: `你好！我是 ipbot，粤港知识产权公共服务助手。\n\n你可以用简体、繁体、英文或粤语问我问题，例如“香港考生在哪里考专利代理人考试？”。我会引用官方文件原文并注明出处。\n\n也可以订阅以下主题，有活动时提醒你：${topicList('zh-Hans')}。`,
  help: `我可以根据官方文件回答粤港知识产权合作的问题，并注明文件、章节及日期。\n\n直接输入问题即可。指令：\n/topics 主题\n/subscribe 订阅主题\n/unsubscribe 取消订阅\n/mysubs 我的订阅\n/events 即将举行的活动\n/digest 每周活动摘要（on/off）\n/lang 语言\n\n涵盖主题：${topicList('zh-Hans')}。`,
  staffHelp: '工作人员指令：\n/event add <id> <主题> <YYYY-MM-DD> <HH:MM> <标题> 添加活动\n/event cancel <id> 取消活动\n/broadcast <主题|all> <内容> 预览并发送广播\n/stats 统计',
  chooseTopic: '请选择主题：',
  chooseTopicToSubscribe: '想订阅哪个主题？',
  chooseTopicToUnsubscribe: '想取消订阅哪个主题？',
  subscribed: (t) => `已订阅“${topicLabel(t, 'zh-Hans')}”。有相关活动时会提醒你。`,
  alreadySubscribed: (t) => `你已经订阅了“${topicLabel(t, 'zh-Hans')}”。`,
  unsubscribed: (t) => `已取消订阅“${topicLabel(t, 'zh-Hans')}”。`,
  notSubscribed: (t) => `你没有订阅“${topicLabel(t, 'zh-Hans')}”。`,
  mySubs: (ts) =>
    ts.length === 0
      ? '你还没有订阅任何主题。输入 /subscribe 开始订阅。'
      : `你订阅了：${ts.map((t) => topicLabel(t, 'zh-Hans')).join('、')}。`,
  unknownTopic: (s) => `找不到主题“${s}”。可选主题：${topicList('zh-Hans')}。`,
  unknownCommand: (c) => `不认识指令“/${c}”。输入 /help 查看可用指令。`,
  chooseLang: '请选择语言：',
  unknownLang: (s) => `不认识语言“${s}”。请选择语言：`,
  langSet: '好的，之后会用简体中文回复你。',
  feedbackThanks: (v) => (v === 'up' ? '谢谢你的反馈！' : '谢谢你的反馈，我们会改进。'),
  feedbackUnknown: '找不到这个问题的记录，未能记录反馈。',
  emptyMessage: '请输入你的问题，例如“香港考生在哪里考专利代理人考试？”，或输入 /help。',
  buttonSubscribe: '🔔 订阅',
  buttonUnsubscribe: '🔕 取消订阅',
  buttonTopics: '📚 主题',
  buttonHelp: '❓ 说明',
  buttonEvents: '📅 活动',
  unsupportedAction: '这个按钮已失效，请再试一次。',
  floodNotice: '你发送消息太快了，请稍等一分钟再试。',
  somethingWentWrong: '抱歉，处理你的消息时出了问题，请稍后再试。',
};

const en: UiStrings = {
  welcome: `Hello! I'm ipbot, an assistant for Guangdong–Hong Kong intellectual-property public services.\n\nAsk me in English, Traditional or Simplified Chinese, or Cantonese — for example "Where can Hong Kong candidates sit the patent agent exam?". I quote the official documents and cite them.\n\nYou can also subscribe to topics and get reminders before events: ${topicList('en')}.`,
  help: `I answer questions about Guangdong–Hong Kong IP cooperation from official documents, citing document, section and date.\n\nJust type your question. Commands:\n/topics – topics\n/subscribe – subscribe to a topic\n/unsubscribe – unsubscribe\n/mysubs – your subscriptions\n/events – upcoming events\n/digest – weekly events digest (on/off)\n/lang – language\n\nTopics covered: ${topicList('en')}.`,
  staffHelp: 'Staff commands:\n/event add <id> <topic> <YYYY-MM-DD> <HH:MM> <title> – add an event\n/event cancel <id> – cancel an event\n/broadcast <topic|all> <text> – preview, then send an announcement\n/stats – statistics',
  chooseTopic: 'Choose a topic:',
  chooseTopicToSubscribe: 'Which topic would you like to subscribe to?',
  chooseTopicToUnsubscribe: 'Which topic would you like to unsubscribe from?',
  subscribed: (t) => `Subscribed to "${topicLabel(t, 'en')}". I'll remind you before related events.`,
  alreadySubscribed: (t) => `You are already subscribed to "${topicLabel(t, 'en')}".`,
  unsubscribed: (t) => `Unsubscribed from "${topicLabel(t, 'en')}".`,
  notSubscribed: (t) => `You are not subscribed to "${topicLabel(t, 'en')}".`,
  mySubs: (ts) =>
    ts.length === 0
      ? 'You have no subscriptions yet. Send /subscribe to start.'
      : `Your subscriptions: ${ts.map((t) => topicLabel(t, 'en')).join(', ')}.`,
  unknownTopic: (s) => `No topic called "${s}". Topics: ${topicList('en')}.`,
  unknownCommand: (c) => `I don't know the command "/${c}". Send /help to see what I can do.`,
  chooseLang: 'Choose a language:',
  unknownLang: (s) => `I don't know the language "${s}". Choose a language:`,
  langSet: "OK, I'll reply in English.",
  feedbackThanks: (v) => (v === 'up' ? 'Thanks for your feedback!' : "Thanks for your feedback — we'll improve."),
  feedbackUnknown: "I couldn't find that question, so the feedback was not recorded.",
  emptyMessage: 'Please type your question, e.g. "Where can Hong Kong candidates sit the patent agent exam?", or send /help.',
  buttonSubscribe: '🔔 Subscribe',
  buttonUnsubscribe: '🔕 Unsubscribe',
  buttonTopics: '📚 Topics',
  buttonHelp: '❓ Help',
  buttonEvents: '📅 Events',
  unsupportedAction: 'That button has expired. Please try again.',
  floodNotice: "You're sending messages too fast. Please wait a minute and try again.",
  somethingWentWrong: 'Sorry, something went wrong while handling your message. Please try again later.',
};

export const UI: Record<Lang, UiStrings> = { 'zh-Hant': hant, 'zh-Hans': hans, en };

export const LANG_NAMES: Record<Lang, string> = { 'zh-Hant': '繁體中文', 'zh-Hans': '简体中文', en: 'English' };

/** Bot command menus (Telegram setMyCommands): command words are lowercase a–z. */
export const COMMAND_DESCRIPTIONS: Record<Lang, Array<{ command: string; description: string }>> = {
  'zh-Hant': [
    { command: 'start', description: '開始' },
    { command: 'help', description: '使用說明' },
    { command: 'topics', description: '主題' },
    { command: 'subscribe', description: '訂閱主題' },
    { command: 'unsubscribe', description: '取消訂閱' },
    { command: 'mysubs', description: '我的訂閱' },
    { command: 'events', description: '即將舉行的活動' },
    { command: 'digest', description: '每週活動摘要（on/off）' },
    { command: 'lang', description: '語言' },
  ],
  'zh-Hans': [
    { command: 'start', description: '开始' },
    { command: 'help', description: '使用说明' },
    { command: 'topics', description: '主题' },
    { command: 'subscribe', description: '订阅主题' },
    { command: 'unsubscribe', description: '取消订阅' },
    { command: 'mysubs', description: '我的订阅' },
    { command: 'events', description: '即将举行的活动' },
    { command: 'digest', description: '每周活动摘要（on/off）' },
    { command: 'lang', description: '语言' },
  ],
  en: [
    { command: 'start', description: 'Start' },
    { command: 'help', description: 'How to use ipbot' },
    { command: 'topics', description: 'Topics' },
    { command: 'subscribe', description: 'Subscribe to a topic' },
    { command: 'unsubscribe', description: 'Unsubscribe from a topic' },
    { command: 'mysubs', description: 'My subscriptions' },
    { command: 'events', description: 'Upcoming events' },
    { command: 'digest', description: 'Weekly events digest (on/off)' },
    { command: 'lang', description: 'Language' },
  ],
};

// ================================================================ reach: links, hand-offs, calendars
// (issue 11; kept in one block for merging)

export interface ReachStrings {
  /** `/start <payload>` that is not a subscription link ipbot made. */
  invalidStartLink(payload: string): string;
  buttonAskStaff: string;
  /** The asker pressed "Ask staff". */
  handoffSent(ref: string): string;
  /** Pressed again: still one hand-off. */
  handoffAlready(ref: string, answered: boolean): string;
  /** The button of a question that is not this chat's, or hand-offs are switched off. */
  handoffUnavailable: string;
  /** Heading of staff's answer as the asker receives it. */
  staffAnswerHeading(ref: string): string;
  yourQuestion: string;
  /** Relay in STAFF_CHAT: heading, then question, ipbot's reply and how to answer. */
  relayHeading(ref: string, channel: string, lang: string): string;
  relayQuestion: string;
  relayBotReply: string;
  relayHowToAnswer(ref: string, canQuote: boolean): string;
  replyUsage: string;
  replyUnknown(ref: string): string;
  replyAlready(ref: string): string;
  replyQueued(ref: string): string;
  replyTooLong(length: number, max: number): string;
  replyRefused: string;
  handoffsOff: string;
  statsHandoffs(open: number, answered: number, medianMs?: number): string;
  addToCalendar: string;
  addTopicToCalendar(topic: TopicId): string;
  icsCaption(count: number): string;
  /** `/events ics` where files cannot be sent (LINE, terminal). */
  icsNotHere(hasLink: boolean): string;
  /** LINE rich menu: the bar under the chat (≤14 characters) and the five areas' words. */
  richMenu: { chatBar: string; ask: string; askHint: string; topics: string; events: string; subscriptions: string; language: string };
}

function duration(ms: number, lang: Lang): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  if (minutes < 120) return lang === 'en' ? `${minutes} min` : lang === 'zh-Hant' ? `${minutes} 分鐘` : `${minutes} 分钟`;
  const hours = Math.round(minutes / 6) / 10;
  return lang === 'en' ? `${hours} h` : lang === 'zh-Hant' ? `${hours} 小時` : `${hours} 小时`;
}

export const REACH_UI: Record<Lang, ReachStrings> = {
  'zh-Hant': {
    invalidStartLink: (p) => `這條連結「${p}」不是有效的訂閱連結，未有訂閱任何主題。可以按下面的主題，或輸入 /subscribe。`,
    buttonAskStaff: '🙋 職員跟進',
    handoffSent: (ref) => `已轉交職員跟進（編號 ${ref}）。職員回覆後會在這裏通知你。`,
    handoffAlready: (ref, answered) => (answered ? `職員已回覆 ${ref}。` : `你已要求職員跟進（${ref}），請耐心等候回覆。`),
    handoffUnavailable: '未能轉交職員跟進這個問題。請重新輸入問題再試。',
    staffAnswerHeading: (ref) => `🙋 職員回覆（${ref}）`,
    yourQuestion: '你的問題：',
    relayHeading: (ref, channel, lang) => `🙋 求助 ${ref}（${channel}，${lang}）`,
    relayQuestion: '問題：',
    relayBotReply: 'ipbot 的回覆：',
    relayHowToAnswer: (ref, canQuote) => `回覆提問者：/reply ${ref.slice(1)} <內容>${canQuote ? '，或直接回覆此訊息' : ''}。`,
    replyUsage: '用法：/reply <編號> <內容>，例如 /reply h12 你好，…',
    replyUnknown: (ref) => `找不到求助 ${ref}。`,
    replyAlready: (ref) => `${ref} 已經回覆過了。`,
    replyQueued: (ref) => `已記錄 ${ref} 的回覆，正在傳送給提問者。`,
    replyTooLong: (n, max) => `回覆太長：${n} 字，上限 ${max} 字。未有傳送。`,
    replyRefused: '只有職員群組或職員可以回覆求助。',
    handoffsOff: '未設定職員群組（STAFF_CHAT），未能轉交或回覆求助。',
    statsHandoffs: (open, answered, median) =>
      `職員跟進（30 天）：待回覆 ${open}，已回覆 ${answered}${median !== undefined ? `（回覆時間中位數 ${duration(median, 'zh-Hant')}）` : ''}`,
    addToCalendar: '📅 加入行事曆',
    addTopicToCalendar: (t) => `📅 ${TOPICS[t].label['zh-Hant']}：加入行事曆`,
    icsCaption: (n) => `活動行事曆檔案（${n} 個活動，香港時間）。打開即可匯入行事曆程式。`,
    icsNotHere: (link) => (link ? '這裏未能傳送檔案，請用以下連結加入行事曆：' : '這裏未能傳送行事曆檔案，請在 Telegram 使用 /events ics。'),
    richMenu: { chatBar: '選單', ask: '提問', askHint: '直接輸入問題', topics: '主題', events: '活動', subscriptions: '我的訂閱', language: '語言' },
  },
  'zh-Hans': {
    invalidStartLink: (p) => `这条链接“${p}”不是有效的订阅链接，没有订阅任何主题。可以点下面的主题，或输入 /subscribe。`,
    buttonAskStaff: '🙋 职员跟进',
    handoffSent: (ref) => `已转交职员跟进（编号 ${ref}）。职员回复后会在这里通知你。`,
    handoffAlready: (ref, answered) => (answered ? `职员已回复 ${ref}。` : `你已要求职员跟进（${ref}），请耐心等候回复。`),
    handoffUnavailable: '未能转交职员跟进这个问题。请重新输入问题再试。',
    staffAnswerHeading: (ref) => `🙋 职员回复（${ref}）`,
    yourQuestion: '你的问题：',
    relayHeading: (ref, channel, lang) => `🙋 求助 ${ref}（${channel}，${lang}）`,
    relayQuestion: '问题：',
    relayBotReply: 'ipbot 的回复：',
    relayHowToAnswer: (ref, canQuote) => `回复提问者：/reply ${ref.slice(1)} <内容>${canQuote ? '，或直接回复此消息' : ''}。`,
    replyUsage: '用法：/reply <编号> <内容>，例如 /reply h12 你好，…',
    replyUnknown: (ref) => `找不到求助 ${ref}。`,
    replyAlready: (ref) => `${ref} 已经回复过了。`,
    replyQueued: (ref) => `已记录 ${ref} 的回复，正在发送给提问者。`,
    replyTooLong: (n, max) => `回复太长：${n} 字，上限 ${max} 字。没有发送。`,
    replyRefused: '只有职员群组或职员可以回复求助。',
    handoffsOff: '未设置职员群组（STAFF_CHAT），无法转交或回复求助。',
    statsHandoffs: (open, answered, median) =>
      `职员跟进（30 天）：待回复 ${open}，已回复 ${answered}${median !== undefined ? `（回复时间中位数 ${duration(median, 'zh-Hans')}）` : ''}`,
    addToCalendar: '📅 添加到日历',
    addTopicToCalendar: (t) => `📅 ${TOPICS[t].label['zh-Hans']}：添加到日历`,
    icsCaption: (n) => `活动日历文件（${n} 个活动，香港时间）。打开即可导入日历应用。`,
    icsNotHere: (link) => (link ? '这里无法发送文件，请用以下链接添加到日历：' : '这里无法发送日历文件，请在 Telegram 使用 /events ics。'),
    richMenu: { chatBar: '菜单', ask: '提问', askHint: '直接输入问题', topics: '主题', events: '活动', subscriptions: '我的订阅', language: '语言' },
  },
  en: {
    invalidStartLink: (p) => `The link "${p}" is not a valid subscription link, so nothing was subscribed. Pick a topic below or send /subscribe.`,
    buttonAskStaff: '🙋 Ask staff',
    handoffSent: (ref) => `Passed to our staff (reference ${ref}). You'll get their answer here.`,
    handoffAlready: (ref, answered) => (answered ? `Staff have already answered ${ref}.` : `You already asked staff (${ref}); their answer will come here.`),
    handoffUnavailable: "I couldn't pass this question to staff. Please ask it again and retry.",
    staffAnswerHeading: (ref) => `🙋 Answer from staff (${ref})`,
    yourQuestion: 'Your question:',
    relayHeading: (ref, channel, lang) => `🙋 Help request ${ref} (${channel}, ${lang})`,
    relayQuestion: 'Question:',
    relayBotReply: "ipbot's reply:",
    relayHowToAnswer: (ref, canQuote) => `Answer the asker: /reply ${ref.slice(1)} <text>${canQuote ? ', or reply to this message' : ''}.`,
    replyUsage: 'Usage: /reply <reference> <text>, e.g. /reply h12 Hello, …',
    replyUnknown: (ref) => `No help request ${ref}.`,
    replyAlready: (ref) => `${ref} has already been answered.`,
    replyQueued: (ref) => `Answer to ${ref} recorded; sending it to the asker.`,
    replyTooLong: (n, max) => `The answer is too long: ${n} characters, at most ${max}. Nothing was sent.`,
    replyRefused: 'Only the staff chat or staff may answer help requests.',
    handoffsOff: 'No staff chat is configured (STAFF_CHAT), so help requests are off.',
    statsHandoffs: (open, answered, median) =>
      `Staff hand-offs (30 days): ${open} open, ${answered} answered${median !== undefined ? ` (median time to answer ${duration(median, 'en')})` : ''}`,
    addToCalendar: '📅 Add to calendar',
    addTopicToCalendar: (t) => `📅 ${TOPICS[t].label.en}: add to calendar`,
    icsCaption: (n) => `Events calendar file (${n} event${n === 1 ? '' : 's'}, Hong Kong time). Open it to import into your calendar app.`,
    icsNotHere: (link) => (link ? "Files can't be sent here; add the events to your calendar with this link:" : "The calendar file can't be sent here; use /events ics on Telegram."),
    richMenu: { chatBar: 'Menu', ask: 'Ask', askHint: 'Type a question', topics: 'Topics', events: 'Events', subscriptions: 'My topics', language: 'Language' },
  },
};

// ------------------------------------------------------------------------------------------------
// Replies people can use (issue 10): next steps after declines, questions about ipbot itself,
// follow-ups and what was wrong with an answer.

export interface ReplyStrings {
  /** Opens the contacts shown with a decline or a procedural answer. */
  nextStep: string;
  /** A phone or website question the contacts cannot answer. */
  noSuchContact: string;
  /** Dates and fees: who announces them, and how to hear of them here. */
  datesAndFees(topic: TopicId | undefined, announcer: string | undefined): string;
  aboutSubscribe: string;
  aboutCoverage: string;
  aboutLanguage: string;
  aboutStorage: string;
  /** "Tell me more" with nothing asked before (or too long ago). */
  moreWithoutContext: string;
  /** "Tell me more" once the section's sentences are all shown. */
  moreEnd: string;
  /** A question two programmes could mean. */
  clarify: string;
  feedbackWhy: string;
  feedbackReason: Record<'wrong' | 'outdated' | 'unclear' | 'other', string>;
  feedbackReasonThanks: string;
  buttonWhatChanged: string;
  buttonMore: string;
}

const replyHant: ReplyStrings = {
  nextStep: '可以向以下機構查詢：',
  noSuchContact: '我的聯絡資料沒有這一項。以下是有來源的聯絡方法：',
  datesAndFees: (topic, announcer) =>
    `最新日期及費用${announcer ? `以${announcer}公布為準` : '請以官方最新公布為準'}。輸入 /events 看即將舉行的活動${topic ? `，或 /subscribe ${topic} 有消息時提醒你` : ''}。`,
  aboutSubscribe:
    '訂閱主題：輸入 /subscribe 再揀主題，或者直接寫「訂閱考試」、「訂閱研討會同埋海外維權」。有相關活動時我會提醒你。/mysubs 看你的訂閱，/unsubscribe 取消。',
  aboutCoverage: `我根據粵港知識產權合作的官方文件回答問題，涵蓋：${topicList('zh-Hant')}。每個答案都引用原文並註明文件、章節及日期；文件沒有涵蓋的，我會直說，並告訴你可以問邊個。`,
  aboutLanguage: '輸入 /lang 揀語言（繁體中文、简体中文、English），或者直接輸入 /lang en、/lang 繁。揀咗之後，無論你用咩文字發問，我都用該語言回覆。',
  aboutStorage:
    '我會儲存：你的聊天識別碼、語言選擇、訂閱及每週摘要設定；你問的問題（最多2,000字）、是否有答案及時間，用於統計；你對答案的評分及原因；你最近一個問題（約30分鐘，用來理解追問）；提醒的發送紀錄。我不會儲存你的姓名或電話。',
  moreWithoutContext: '請先問一個問題，我再講多啲。',
  moreEnd: '這一節的內容已經全部引用了。可以換個問法，或者按「📚 主題」。',
  clarify: '你指邊一個？',
  feedbackWhy: '多謝你的意見。答案有咩問題？',
  feedbackReason: { wrong: '引錯段落', outdated: '資料過時', unclear: '難以閱讀', other: '其他' },
  feedbackReasonThanks: '收到，多謝！我們會跟進。',
  buttonWhatChanged: '之後有咩改變？',
  buttonMore: '➕ 再講多啲',
};

const replyHans: ReplyStrings = {
  nextStep: '可以向以下机构查询：',
  noSuchContact: '我的联络资料没有这一项。以下是有来源的联络方式：',
  datesAndFees: (topic, announcer) =>
    `最新日期及费用${announcer ? `以${announcer}公布为准` : '请以官方最新公布为准'}。输入 /events 查看即将举行的活动${topic ? `，或 /subscribe ${topic} 有消息时提醒你` : ''}。`,
  aboutSubscribe:
    '订阅主题：输入 /subscribe 再选择主题，或直接写“订阅考试”“订阅研讨会和海外维权”。有相关活动时我会提醒你。/mysubs 查看你的订阅，/unsubscribe 取消。',
  aboutCoverage: `我根据粤港知识产权合作的官方文件回答问题，涵盖：${topicList('zh-Hans')}。每个答案都引用原文并注明文件、章节及日期；文件没有涵盖的，我会直说，并告诉你可以问谁。`,
  aboutLanguage: '输入 /lang 选择语言（繁體中文、简体中文、English），或直接输入 /lang en、/lang 简。选定后，无论你用什么文字提问，我都用该语言回复。',
  aboutStorage:
    '我会保存：你的聊天标识、语言选择、订阅及每周摘要设置；你问的问题（最多2,000字）、是否有答案及时间，用于统计；你对答案的评价及原因；你最近一个问题（约30分钟，用来理解追问）；提醒的发送记录。我不保存你的姓名或电话。',
  moreWithoutContext: '请先问一个问题，我再详细说。',
  moreEnd: '这一节的内容已经全部引用了。可以换个问法，或者点“📚 主题”。',
  clarify: '你指哪一个？',
  feedbackWhy: '谢谢你的反馈。答案有什么问题？',
  feedbackReason: { wrong: '引错段落', outdated: '资料过时', unclear: '难以阅读', other: '其他' },
  feedbackReasonThanks: '收到，谢谢！我们会跟进。',
  buttonWhatChanged: '之后有什么变化？',
  buttonMore: '➕ 详细些',
};

const replyEn: ReplyStrings = {
  nextStep: 'You can ask:',
  noSuchContact: "I have no such contact. These are the sourced ones I have:",
  datesAndFees: (topic, announcer) =>
    `Current dates and fees are set by ${announcer ?? 'the latest official notice'}. Type /events for upcoming events${topic ? `, or /subscribe ${topic} to hear when there is news` : ''}.`,
  aboutSubscribe:
    'To subscribe, type /subscribe and pick a topic, or write "subscribe exam" or "subscribe award and seminar". I remind you of events on your topics. /mysubs shows them; /unsubscribe stops one.',
  aboutCoverage: `I answer from official documents on Guangdong–Hong Kong IP co-operation, about: ${topicList('en')}. Each answer quotes the document and cites its section and date; when they do not cover something I say so and tell you whom to ask.`,
  aboutLanguage:
    'Type /lang and pick 繁體中文, 简体中文 or English, or type /lang en directly. Once chosen, I reply in that language whatever script you write in.',
  aboutStorage:
    'I store: your chat id, your language choice, subscriptions and digest setting; the questions you ask (up to 2,000 characters), whether they were answered and when, for statistics; your ratings of answers and why; your last question (about 30 minutes, to understand follow-ups); and reminder delivery records. I do not store your name or phone number.',
  moreWithoutContext: 'Ask a question first, then I can tell you more.',
  moreEnd: 'That is all this section says. Try asking another way, or tap 📚 Topics.',
  clarify: 'Which one do you mean?',
  feedbackWhy: 'Thanks. What was wrong with the answer?',
  feedbackReason: { wrong: 'Wrong passage', outdated: 'Out of date', unclear: 'Hard to read', other: 'Other' },
  feedbackReasonThanks: "Noted — thank you. We'll look into it.",
  buttonWhatChanged: 'What changed since?',
  buttonMore: '➕ Tell me more',
};

export const REPLY_UI: Record<Lang, ReplyStrings> = { 'zh-Hant': replyHant, 'zh-Hans': replyHans, en: replyEn };
