import { describe, expect, it } from 'vitest';
import { cleanDocumentText, normaliseQueryText, restoreDecimalPoints, normaliseCharacters } from '../../../src/core/text/normalise.js';

/**
 * Every artefact, with real lines copied from the seed documents (D0–D4, see shared/notes/domain.md §0).
 * Input is the raw extracted text, expected is what a reader must see.
 */
const DOCUMENT_CASES: Array<{ artefact: string; from: string; input: string; expected: string }> = [
  // Yi-syllable punctuation in the plan (D4)
  { artefact: "'ꎬ' → '，'", from: 'D4', input: '全面加强知识产权保护ꎬ 高效促进知识产权运用ꎬ 激发全社会创', expected: '全面加强知识产权保护，高效促进知识产权运用，激发全社会创' },
  { artefact: "'ꎮ' → '。'", from: 'D4', input: '理念尚未完全形成ꎬ 知识产权制度促进经济社会高质量发展的作用需要进一步发挥等ꎮ', expected: '理念尚未完全形成，知识产权制度促进经济社会高质量发展的作用需要进一步发挥等。' },
  { artefact: "'ꎻ' → '；'", from: 'D4', input: '“放管服” 改革ꎬ 开通专利申请绿色通道ꎬ 业务办理实现 “不见面” “零跑动”ꎻ 出台知识产权质押融资便利化措施', expected: '“放管服”改革，开通专利申请绿色通道，业务办理实现“不见面”“零跑动”；出台知识产权质押融资便利化措施' },
  { artefact: '«» → 《》', from: 'D4', input: '根据 «知识产权强国建设纲要', expected: '根据《知识产权强国建设纲要' },
  { artefact: '«» → 《》 with a year inside', from: 'D4', input: '(２０２１—２０３５ 年) » « “十四五” 国家知识产权保护和运用规划»', expected: '(2021—2035年)》《“十四五”国家知识产权保护和运用规划》' },
  // Full-width digits and letters
  { artefact: 'full-width letters', from: 'D4', input: 'ＰＣＴ 国际专利申请量累计达', expected: 'PCT国际专利申请量累计达' },
  { artefact: 'full-width letters in parentheses', from: 'D4', input: '加强与世界知识产权组织\n\n(ＷＩＰＯ) 以及欧美日韩、 东盟、 非洲等国家和地区知识产权交', expected: '加强与世界知识产权组织(WIPO)以及欧美日韩、东盟、非洲等国家和地区知识产权交' },
  { artefact: 'mixed digit widths', from: 'D2', input: '２００7年８月２日（星期四） ', expected: '2007年8月2日（星期四）' },
  // Spaces and line breaks inside Chinese text
  { artefact: 'line broken inside a word', from: 'D0', input: '促進粵港在知\n\n識產權領域更緊密合作', expected: '促進粵港在知識產權領域更緊密合作' },
  { artefact: 'line broken after a comma', from: 'D0', input: ' 現經粵港保護知識產權合作專責小組成員單位協商一致，\n\n制訂本合作協議。', expected: '現經粵港保護知識產權合作專責小組成員單位協商一致，制訂本合作協議。' },
  { artefact: 'line broken across a blank line', from: 'D1', input: '活动包括到访创新中心、香港文化博物馆、香港电台及香港海关并与香港\n\n版权业界人士进行交流', expected: '活动包括到访创新中心、香港文化博物馆、香港电台及香港海关并与香港版权业界人士进行交流' },
  { artefact: 'spaces around numbers and dates', from: 'D1', input: '2016 年 7 月至 2017 年 6 月期间，粤港两地知识产权执法部门积极完善知识产权执法及案件协作处理机制。', expected: '2016年7月至2017年6月期间，粤港两地知识产权执法部门积极完善知识产权执法及案件协作处理机制。' },
  { artefact: 'ASCII comma inside Chinese text', from: 'D0', input: ' 在粵港知識產權執法和案件協作處理機制下, 香港海關', expected: '在粵港知識產權執法和案件協作處理機制下，香港海關' },
  { artefact: 'ASCII colon inside Chinese text', from: 'D4', input: '发展还存在一些问题和短板ꎬ 主要表现为: 关键核心技术领域高', expected: '发展还存在一些问题和短板，主要表现为：关键核心技术领域高' },
  { artefact: 'thousands separator untouched', from: 'D1', input: '近10万件侵权货品，总值约港币1,388万元。', expected: '近10万件侵权货品，总值约港币1,388万元。' },
  // Page footers
  { artefact: 'page footer —３—', from: 'D4', input: '知识产权转化运用成果丰硕ꎮ 深入实施知识产权促进运用工\n\n—３—\n 程ꎬ 支持 ３ 个重点城市', expected: '知识产权转化运用成果丰硕。深入实施知识产权促进运用工程，支持3个重点城市' },
  { artefact: 'page footer —４４—', from: 'D4', input: '坚持党对知识产权工作的全面领导ꎬ 进一步加强组织协调和\n\n—４４—\n\n\n\n经费保障ꎬ 落实责任分工', expected: '坚持党对知识产权工作的全面领导，进一步加强组织协调和经费保障，落实责任分工' },
  // Footnote markers
  { artefact: 'footnote digit glued to an underlined title', from: 'D2', input: '2007年至2008年粵港保護知識產權合作協議5 \n──────────────────────────────── ', expected: '2007年至2008年粵港保護知識產權合作協議' },
  { artefact: 'footnote digit after a title with a space', from: 'D2', input: '深化實施 CEPA、共同推進粵港服務業合作協議1 \n─────────────────────────────────── ', expected: '深化實施CEPA、共同推進粵港服務業合作協議' },
  { artefact: 'circled footnote marker', from: 'D4', input: '２７ ８ 件①ꎬ 比全国平均水平高 １２ ０ 件ꎬ 软件作品著作权登记量累', expected: '27.8件，比全国平均水平高12.0件，软件作品著作权登记量累' },
  // Lost decimal points (D4)
  { artefact: 'decimal: 35.1万件 and 543.0万件', from: 'D4', input: '量、 有效注册商标量分别达到 ３５ １ 万件和 ５４３ ０ 万件ꎬ 较 ２０１５', expected: '量、有效注册商标量分别达到35.1万件和543.0万件，较2015' },
  { artefact: 'decimal: 907.6亿元', from: 'D4', input: '五” 时期ꎬ 知识产权质押登记融资总额 ９０７ ６ 亿元ꎮ 发行 １６ 支', expected: '五”时期，知识产权质押登记融资总额907.6亿元。发行16支' },
  { artefact: 'decimal: 8.7%', from: 'D4', input: '版权产业对国民经济的贡献率超过\n\n８ ７％ ꎮ', expected: '版权产业对国民经济的贡献率超过8.7%。' },
  { artefact: 'decimal: 152.4% and 227.2%', from: 'D4', input: '年末分别增长 １５２ ４％ 和 ２２７ ２％ ꎬ ＰＣＴ 国际专利申请量累计达', expected: '年末分别增长152.4%和227.2%，PCT国际专利申请量累计达' },
  { artefact: 'decimal: 1.6万家 at a line start', from: 'D4', input: '设 ４ 个国家级知识产权运营交易平台ꎮ １ ６ 万家企业通过知识产', expected: '设4个国家级知识产权运营交易平台。1.6万家企业通过知识产' },
  { artefact: 'decimal: 4.8万件', from: 'D4', input: '五” 时期ꎬ 全省行政部门查处各类专利、 商标案件 ４ ８ 万件ꎬ 连', expected: '五”时期，全省行政部门查处各类专利、商标案件4.8万件，连' },
  { artefact: 'decimal: 47.7万件 and 1.2万件', from: 'D4', input: '全省法院审结知识产权民事案件 ４７ ７ 万件、 刑事案件 １ ２ 万件ꎬ', expected: '全省法院审结知识产权民事案件47.7万件、刑事案件1.2万件，' },
  { artefact: 'decimal: 20.7万件', from: 'D4', input: '２０ ７ 万件ꎬ 约占全国总量一半ꎬ 每万人口发明专利拥有量达', expected: '20.7万件，约占全国总量一半，每万人口发明专利拥有量达' },
  // Non-cases: years, counts, list numbers, ordinals must survive
  { artefact: 'year is not a decimal', from: 'D4', input: '远景目标纲要» 以及 «广东省国民经济和社会发展第十四个五年规划和 ２０３５ 年', expected: '远景目标纲要》以及《广东省国民经济和社会发展第十四个五年规划和2035年' },
  { artefact: 'year followed by a comma', from: 'D4', input: '发展趋势、 发展条件和知识产权制度变革使命任务ꎬ 到 ２０２５ 年ꎬ', expected: '发展趋势、发展条件和知识产权制度变革使命任务，到2025年，' },
  { artefact: 'count is not a decimal', from: 'D4', input: '知识产权保护效能大幅提升ꎮ 组建 ６ 家国家级知识产权保护', expected: '知识产权保护效能大幅提升。组建6家国家级知识产权保护' },
  { artefact: 'count then year on the next line', from: 'D4', input: '国家知识产权培训基地达到 ５\n\n家ꎬ ５ 所高校设立知识产权学院ꎮ', expected: '国家知识产权培训基地达到5家，5所高校设立知识产权学院。' },
  { artefact: 'article ordinal （十二）', from: 'D0', input: '（十二）協助香港考生參加全國專利代理人資格考試 ', expected: '（十二）協助香港考生參加全國專利代理人資格考試' },
  { artefact: 'article ordinal with ASCII parentheses', from: 'D0', input: '(十一) 舉辦“粵港商標品牌海外註冊與維權”研討會 ', expected: '(十一)舉辦“粵港商標品牌海外註冊與維權”研討會' },
  { artefact: 'list number "1."', from: 'D1', input: '1. 深化粤港知识产权合作项目机制', expected: '1. 深化粤港知识产权合作项目机制' },
  { artefact: 'list number "24."', from: 'D1', input: '24. 促进粤港知识产权贸易及高端服务机构合作', expected: '24. 促进粤港知识产权贸易及高端服务机构合作' },
  { artefact: 'counts and ordinals in a sentence', from: 'D1', input: '落实 24 项合作项目，其中，第(三)、(四)、(五)、(十)、(十四)及(十六)等 6 项为新增项目', expected: '落实24项合作项目，其中，第(三)、(四)、(五)、(十)、(十四)及(十六)等6项为新增项目' },
  { artefact: 'percentages already with points', from: 'D1', input: '占新认定申请总数635件的14.5%；延续认定申请132件，占延续认定申请总数888件的14.9%。', expected: '占新认定申请总数635件的14.5%；延续认定申请132件，占延续认定申请总数888件的14.9%。' },
  { artefact: 'blank date and place of a form stay visible', from: 'D3', input: '第六条 本协议于二〇一六年 月 日在 签署，自签署之日起生效。', expected: '第六条本协议于二〇一六年\u3000月\u3000日在\u3000签署，自签署之日起生效。' },
  { artefact: '9+2 untouched', from: 'D3', input: '香港、澳门特别行政区（简称“9+2”）知识产权管理部门协商一致', expected: '香港、澳门特别行政区（简称“9+2”）知识产权管理部门协商一致' },
];

describe('cleanDocumentText: PDF artefacts in the seeds', () => {
  it.each(DOCUMENT_CASES)('$artefact ($from)', ({ input, expected }) => {
    expect(cleanDocumentText(input)).toBe(expected);
  });
});

/** Table rows of D4, where several numbers share a line: pairing must pick the right numbers. */
const TABLE_ROWS: Array<{ input: string; expected: string }> = [
  { input: '发明专利有效量 万件 ２０ ３５ １', expected: '发明专利有效量 万件 20 35.1' },
  { input: '有效注册商标量 万件 ２１０ ５４３ ０', expected: '有效注册商标量 万件 210 543.0' },
  { input: '版权产业对国民经济的贡献率 ％ ≥９ ８ ７', expected: '版权产业对国民经济的贡献率 % ≥9 8.7' },
  { input: '版权产业增加值占地区生产总值比重 ％ ８ ７ ９ ２ 预期性', expected: '版权产业增加值占地区生产总值比重 % 8.7 9.2 预期性' },
  { input: '每万人口高价值发明专利拥有量 件 １３ ５ ２０ 预期性', expected: '每万人口高价值发明专利拥有量 件 13.5 20 预期性' },
  { input: '(９０７ ６)、', expected: '(907.6)、' },
  { input: '马德里商标累计有效注册量 件 ６０００ ８８６２', expected: '马德里商标累计有效注册量 件 6000 8862' },
  { input: '２０２０ 年 ２０２５ 年', expected: '2020 年 2025 年' },
  { input: '知识产权保护社会满意度 分 ≥８０ ７５ ０７', expected: '知识产权保护社会满意度 分 ≥80 75.07' },
  { input: '商标品牌发展指数 分 ８７ ９５ ９０ 预期性', expected: '商标品牌发展指数 分 87.95 90 预期性' },
  { input: '年均林业植物新品种申请量 件 １５ ２９', expected: '年均林业植物新品种申请量 件 15 29' },
  { input: '建设专利密集型产业集聚区 个 １０ １１', expected: '建设专利密集型产业集聚区 个 10 11' },
  { input: '农业植物新品种权申请量 件 ８０ ９４５', expected: '农业植物新品种权申请量 件 80 945' },
];

describe('restoreDecimalPoints on table rows', () => {
  it.each(TABLE_ROWS)('$input', ({ input, expected }) => {
    expect(restoreDecimalPoints(normaliseCharacters(input))).toBe(expected);
  });

  it('never joins numbers across a line break', () => {
    expect(cleanDocumentText('１\n\n２\n\n３')).not.toMatch(/\d\.\d/);
  });
});

describe('cleanDocumentText: paragraphs', () => {
  it('keeps paragraphs apart and joins the lines inside them', () => {
    const raw = ' 一、完善粵港知識產權合作機制 \n\n（一）深化粵港知識產權合作項目機制 \n\n 繼續完善粵港保護知識產權合作專責小組機制，加強項\n\n目合作機制。';
    expect(cleanDocumentText(raw).split('\n')).toEqual(['一、完善粵港知識產權合作機制', '（一）深化粵港知識產權合作項目機制', '繼續完善粵港保護知識產權合作專責小組機制，加強項目合作機制。']);
  });

  it('leaves no Yi punctuation, full-width digits or page footers in a whole document', async () => {
    const { readFileSync } = await import('node:fs');
    const raw = readFileSync(new URL('../../../knowledge/docs/guangdong-ip-14th-five-year-plan-2021-2025.txt', import.meta.url), 'utf8');
    const clean = cleanDocumentText(raw);
    expect(clean).not.toMatch(/[ꎬꎮꎻ«»０-９Ａ-Ｚａ-ｚ]/);
    expect(clean).not.toMatch(/—\d+—/);
    expect(clean).toContain('35.1万件');
    expect(clean).toContain('907.6亿元');
    expect(clean).toContain('27.8件');
  });
});

describe('normaliseQueryText', () => {
  const cases: Array<{ input: string; expected: string }> = [
    { input: '香港考生喺邊度考專利代理人考試？', expected: '香港考生喺邊度考專利代理人考試？' },
    { input: '  ＰＣＴ　申請量  ', expected: 'PCT申請量' },
    { input: '２０１６年 考試', expected: '2016年考試' },
    { input: 'patent   agent\texam', expected: 'patent agent exam' },
    { input: 'When is the\nBIP Asia forum?', expected: 'When is the BIP Asia forum?' },
    { input: '正版\u0000正貨\u200b承諾', expected: '正版正貨承諾' },
    { input: '«企业知识产权管理规范»', expected: '《企业知识产权管理规范》' },
    { input: '８ ７％', expected: '8 7%' },
    { input: '', expected: '' },
    { input: ' \t\n ', expected: '' },
  ];
  it.each(cases)('$input', ({ input, expected }) => {
    expect(normaliseQueryText(input)).toBe(expected);
  });

  it('handles a 10,000-character question without trouble', () => {
    const long = '專利'.repeat(5000);
    expect(normaliseQueryText(long)).toHaveLength(10000);
  });
});
