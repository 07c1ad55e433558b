/**
 * Answers from an indicator table: a table passage answers a question only through a row about the question's
 * subject. The plan's indicator table shares its heading words (十四五, 主要指标, 专利) with almost every figure
 * question, so it ranks high for indicators it does not hold (PCT applications, registered trade marks); and a row
 * whose base year is printed "———" has no figure for that year.
 */
import { parseIndicatorTable, type IndicatorTable } from '../knowledge/table.js';
import type { IndexedSection } from '../search.js';
import { toSimplified } from '../text/script.js';
import { heaviestGroup, type ContentGroup } from './content.js';
import { occurs, YEAR } from './match.js';

/** A unit that counts things (件, 个, 项…), as opposed to money (亿元) or a share (％). */
const ITEM_UNIT = /[件个項项家所人名次种種条條支座]/;

/** What the table's columns are called (基期值 2020, 规划值 2025, 属性): the form of the figure asked, not its subject. */
const COLUMN_WORD = /^(基期|基期值|规划值|目标值|预期性|约束性|属性|单位|类别|序号)$/;

const tables = new WeakMap<IndexedSection, IndicatorTable | null>();

/** The passage's indicator table, read once per passage (the decision and the reply's row labels both use it). */
export function indicatorTableOf(entry: IndexedSection): IndicatorTable | undefined {
  let table = tables.get(entry);
  if (table === undefined) {
    table = parseIndicatorTable(entry.section.text) ?? null;
    tables.set(entry, table);
  }
  return table ?? undefined;
}

/**
 * Whether a table passage has a row for the question: one naming the heaviest specific term of what the question
 * asks about beyond what the table as a whole is about (its heading, its document), and giving a figure for the
 * year asked. Everyday words (target, number, valid) are how people put a figure question, not its subject. A
 * passage that holds no table is not judged here.
 */
export function hasRowFor(entry: IndexedSection, groups: readonly ContentGroup[], askedYears: readonly number[], countsItems = false, excluded: readonly string[] = []): boolean {
  const table = indicatorTableOf(entry);
  if (!table) return true;
  const whole = `${entry.foldedHeading} ${toSimplified(entry.document.title)}`;
  const subject = heaviestGroup(groups.filter((g) => !g.absent && !g.general && !g.alternatives.some((a) => YEAR.test(a) || occurs(whole, a) || COLUMN_WORD.test(a))));
  const baseOnly = askedYears.length > 0 && askedYears.every((y) => String(y) === table.baseYear);
  return table.rows.some((row) => {
    if (baseOnly && row.base === undefined) return false;
    // "How many GI products" is not answered by the GI products' trade value (亿元) or a share (％).
    if (countsItems && !ITEM_UNIT.test(row.unit)) return false;
    const indicator = toSimplified(row.indicator).replace(/\s+/g, '');
    // "每万人口发明专利拥有量（不计高价值）": the high-value row is the one the asker set aside.
    if (excluded.some((word) => indicator.includes(word))) return false;
    return !subject || subject.alternatives.some((a) => occurs(indicator, a));
  });
}

/**
 * What the question sets aside ("不计高价值", "不限高价值的", "不包括港澳"): a qualifier whose figure is not the one asked.
 */
export function excludedQualifiers(folded: string): string[] {
  return [...folded.matchAll(/(?:不计|不计算|不含|不包括|不包含|不限|不算|除去|排除|扣除)([\p{Script=Han}]{2,6}?)(?=的|在内|以外|之外|[)）,，、?？\s]|$)/gu)].map((m) => m[1]!);
}
