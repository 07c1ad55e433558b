/**
 * Tables in the documents, read into labelled rows. The plan's indicator table comes out of the PDF as
 * "每万人口高价值发明专利拥有量 件 13.5 20 预期性": nobody can tell the 2020 value from the 2025 target.
 * Read into { indicator, unit, base, target, attribute } with the years of its header, a row can be
 * shown as 每万人口高价值发明专利拥有量：2020年 13.5件 → 2025年目标 20件（预期性）.
 */
import { toScript } from '../text/script.js';
import type { Lang } from '../types.js';

export interface TableRow {
  indicator: string;
  unit: string;
  /** Value in the base year, as printed; undefined for "———" (no base value). */
  base?: string;
  /** Target value, as printed (may carry ≥). */
  target: string;
  /** 预期性 (expected) or 约束性 (binding). */
  attribute: string;
  /** The row line as the section text holds it, to find it in a quote. */
  line: string;
}

export interface IndicatorTable {
  baseYear: string;
  targetYear: string;
  rows: TableRow[];
}

const ATTRIBUTE = '预期性|约束性|預期性|約束性';
const VALUE = String.raw`(?:———|—+|≥?\(?[\d.]+\)?(?:、\(?[\d.]+\)?)?)`;
/** indicator, unit (may be two: 亿元、项; may be per year: 件 /年), base, target, attribute. */
const ROW = new RegExp(String.raw`^(\S.*?\S) ((?:[^\s\d()—≥]+)(?: ?\/ ?年)?) (${VALUE}) (${VALUE}) (${ATTRIBUTE})$`);
const YEARS = /((?:19|20)\d{2})\s*年\s*((?:19|20)\d{2})\s*年/;

/** The indicator table in a section's text, or undefined when the section holds none. */
export function parseIndicatorTable(text: string): IndicatorTable | undefined {
  const years = YEARS.exec(text);
  if (!years) return undefined;
  const rows: TableRow[] = [];
  for (const line of text.split('\n')) {
    const m = ROW.exec(line.trim());
    if (!m) continue;
    const [, indicator, unit, base, target, attribute] = m as unknown as [string, string, string, string, string, string];
    rows.push({
      indicator,
      unit: unit.replace(/\s+/g, ''),
      ...(/^—+$/.test(base) ? {} : { base }),
      target,
      attribute,
      line: line.trim(),
    });
  }
  return rows.length ? { baseYear: years[1]!, targetYear: years[2]!, rows } : undefined;
}

/** "(8)": the table's note says a bracketed figure is what is added over the plan period. */
const ADDED = /^\((.+)\)$/;

const UNIT_EN: Record<string, string> = {
  件: '',
  万件: '(10,000 items)',
  分: 'points',
  亿元: '(CNY 100 million)',
  项: 'items',
  '%': '%',
  '件/年': 'a year',
  '万人次/年': '(10,000 visits a year)',
  家: '',
};

const ATTRIBUTE_EN: Record<string, string> = { 预期性: 'expected', 约束性: 'binding', 預期性: 'expected', 約束性: 'binding' };

function withUnit(value: string, unit: string, lang: Lang): string {
  const added = ADDED.exec(value);
  const figures = (added ? added[1]! : value).replace(/[()]/g, '').split('、');
  // Two indicators in one row (金额、项目数 in 亿元、项): each figure takes its own unit.
  const units = unit.split('、');
  return figures
    .map((figure, i) => {
      const u = units.length === figures.length ? units[i]! : unit;
      if (lang !== 'en') return `${figure}${u}`;
      const en = UNIT_EN[u] ?? u;
      return en === '%' ? `${figure}%` : en ? `${figure} ${en}` : figure;
    })
    .join(lang === 'en' ? ', ' : '、');
}

/** One row with its labels, in the reply's script (English labels for English askers; the indicator stays as written). */
export function formatRow(row: TableRow, table: Pick<IndicatorTable, 'baseYear' | 'targetYear'>, lang: Lang): string {
  const { baseYear, targetYear } = table;
  const value = (v: string) => {
    const figure = withUnit(v, row.unit, lang);
    if (!ADDED.test(v)) return figure;
    return lang === 'en' ? `${figure} added over the plan period` : `规划期间新增 ${figure}`;
  };
  if (lang === 'en') {
    const indicator = toScript(row.indicator, 'zh-Hant');
    const base = row.base ? `${baseYear}: ${value(row.base)} → ` : '';
    return `${indicator}: ${base}${targetYear} target: ${value(row.target)} (${ATTRIBUTE_EN[row.attribute] ?? row.attribute})`;
  }
  const base = row.base ? `${baseYear}年 ${value(row.base)} → ` : '';
  return toScript(`${row.indicator}：${base}${targetYear}年目标 ${value(row.target)}（${row.attribute}）`, lang);
}
