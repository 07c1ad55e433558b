/**
 * Adds or updates one entry of `catalogue.yaml` as text, touching only what changes: a changed
 * field's value is replaced where it stands, a new field is added at the end of its entry, a new entry
 * at the end of the list. Comments, order, blank lines and the wrapping of untouched values stay as
 * staff wrote them (re-serialising the whole file with the yaml library would re-wrap folded text).
 * No I/O.
 */
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml';

/** A catalogue entry as written: field order is the order of the keys. */
export type CatalogueEntryFields = Record<string, string | string[] | undefined>;

export interface CatalogueEdit {
  text: string;
  action: 'added' | 'updated' | 'unchanged';
  /** Fields whose value changed (or were added), in entry order. */
  changed: string[];
}

export class CatalogueEditError extends Error {}

const STRINGIFY = { lineWidth: 0, flowCollectionPadding: false } as const;

/** The entries of a catalogue text as plain objects (an unparseable catalogue throws CatalogueEditError). */
export function catalogueEntries(text: string): Array<Record<string, unknown>> {
  const { seq } = documentsList(text);
  return seq ? seq.items.map((item) => (isMap(item) ? (item.toJSON() as Record<string, unknown>) : {})) : [];
}

/** Adds the entry with this `id`, or updates the entry that has it (fields it does not name are kept). */
export function upsertCatalogueEntry(text: string, entry: CatalogueEntryFields): CatalogueEdit {
  const id = entry.id;
  if (typeof id !== 'string' || !id) throw new CatalogueEditError('the entry has no id');
  const fields = Object.entries(entry).filter((pair): pair is [string, string | string[]] => pair[1] !== undefined);
  const { doc, seq } = documentsList(text);
  const existing = seq?.items.find((item): item is YAMLMap => isMap(item) && item.get('id') === id);
  if (existing) return updateEntry(text, existing, fields);
  if (!seq || seq.flow || !seq.range) {
    // No block list to append to (`documents: []` or no key): write the list anew.
    const list = seq ?? new YAMLSeq();
    list.flow = false;
    list.items.push(entryNode(doc, fields));
    if (!seq) doc.set('documents', list);
    return { text: doc.toString(STRINGIFY), action: 'added', changed: fields.map(([k]) => k) };
  }
  // The column of the first item's "-" (its map node starts after it).
  const itemIndent = indentOf(text, text.lastIndexOf('-', (seq.items[0] as YamlNode | undefined)?.range?.[0] ?? seq.range[0]));
  const rendered = renderEntry(fields, itemIndent);
  const end = seq.range[1];
  const before = text.slice(0, end).replace(/\s*$/, '');
  const after = text.slice(end).replace(/^\s*\n?/, '');
  return { text: `${before}\n\n${rendered}\n${after ? `\n${after}` : ''}`, action: 'added', changed: fields.map(([k]) => k) };
}

function documentsList(text: string): { doc: Document; seq: YAMLSeq | undefined } {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new CatalogueEditError(`catalogue.yaml is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  if (doc.contents !== null && !isMap(doc.contents)) throw new CatalogueEditError("catalogue.yaml has no top-level 'documents:' list");
  const list = isMap(doc.contents) ? doc.contents.get('documents', true) : undefined;
  if (list !== undefined && list !== null && !isSeq(list)) throw new CatalogueEditError("catalogue.yaml: 'documents' is not a list");
  return { doc, seq: list ?? undefined };
}

function updateEntry(text: string, entry: YAMLMap, fields: Array<[string, string | string[]]>): CatalogueEdit {
  const edits: Array<{ from: number; to: number; insert: string }> = [];
  const changed: string[] = [];
  const pairs = entry.items;
  const lastValueEnd = Math.max(...pairs.map((p) => ((p.value as YamlNode | null)?.range ?? (p.key as YamlNode).range!)[1]));
  const keyIndent = indentOf(text, (pairs[0]!.key as YamlNode).range![0]);
  const added: string[] = [];
  for (const [key, value] of fields) {
    const pair = pairs.find((p) => isScalar(p.key) && p.key.value === key);
    if (!pair) {
      added.push(`${' '.repeat(keyIndent)}${key}: ${renderValue(key, value)}`);
      changed.push(key);
      continue;
    }
    const node = pair.value as YamlNode | null;
    if (node && JSON.stringify(node.toJSON()) === JSON.stringify(value)) continue;
    changed.push(key);
    if (!node?.range) {
      // "key:" with nothing after it.
      const keyEnd = text.indexOf(':', (pair.key as YamlNode).range![1]) + 1;
      edits.push({ from: keyEnd, to: keyEnd, insert: ` ${renderValue(key, value)}` });
      continue;
    }
    const [from, to] = node.range;
    if (isSeq(node) && !node.flow && Array.isArray(value) && value.length) {
      const column = indentOf(text, from);
      edits.push({ from, to, insert: renderBlockList(value, column).slice(column) });
    } else edits.push({ from, to, insert: renderValue(key, value) });
  }
  if (added.length) {
    // After the entry's last value, before the blank line a block scalar's range takes in.
    let end = lastValueEnd;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    edits.push({ from: end, to: end, insert: `\n${added.join('\n')}` });
  }
  if (!changed.length) return { text, action: 'unchanged', changed };
  let out = text;
  for (const edit of edits.sort((a, b) => b.from - a.from)) {
    // A block value's range runs on over the line breaks after it; those stay.
    let to = edit.to;
    while (to > edit.from && /\s/.test(text[to - 1]!)) to--;
    out = out.slice(0, edit.from) + edit.insert + out.slice(to);
  }
  return { text: out, action: 'updated', changed };
}

/** One field value in the catalogue's style: dates quoted, lists of topics in flow style. */
function renderValue(key: string, value: string | string[]): string {
  if (Array.isArray(value)) {
    const node = new Document(value);
    (node.contents as YAMLSeq).flow = true;
    return node.toString(STRINGIFY).trim();
  }
  const scalar = new Scalar(value);
  if (key === 'date') scalar.type = Scalar.QUOTE_DOUBLE;
  return new Document(scalar).toString(STRINGIFY).trim();
}

function renderBlockList(values: readonly string[], indent: number): string {
  return values.map((v) => `${' '.repeat(indent)}- ${renderValue('', v)}`).join('\n');
}

/** A new entry: "- id: …" then one field a line; issuers as a block list, topics as a flow list. */
function renderEntry(fields: Array<[string, string | string[]]>, indent: number): string {
  const pad = ' '.repeat(indent);
  return fields
    .map(([key, value], i) => {
      const prefix = i === 0 ? `${pad}- ` : `${pad}  `;
      if (Array.isArray(value) && key === 'issuers' && value.length) return `${prefix}${key}:\n${renderBlockList(value, indent + 4)}`;
      return `${prefix}${key}: ${renderValue(key, value)}`;
    })
    .join('\n');
}

function entryNode(doc: Document, fields: Array<[string, string | string[]]>): YAMLMap {
  const map = doc.createNode(Object.fromEntries(fields)) as YAMLMap;
  const date = map.get('date', true);
  if (isScalar(date)) date.type = Scalar.QUOTE_DOUBLE;
  const topics = map.get('topics', true);
  if (isSeq(topics)) topics.flow = true;
  return map;
}

/** Column of the position in its line. */
function indentOf(text: string, position: number): number {
  return position - (text.lastIndexOf('\n', position - 1) + 1);
}
