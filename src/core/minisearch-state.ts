/**
 * A built MiniSearch index as the Maps it searches, to be saved with `v8.serialize` and put back into a new
 * MiniSearch. `MiniSearch.loadJS` rebuilds every Map and the radix tree from plain JSON, ~0.1 s of a cold start;
 * deserialising the Maps themselves takes a tenth of that.
 *
 * These are the fields MiniSearch 7's own `loadJS` sets, so this depends on its internals: the saved index is keyed
 * by the installed minisearch version (engine-cache.ts), and a MiniSearch or a state without the expected shape is
 * refused (undefined), in which case the caller builds the index instead. tests/knowledge/engine-cache.test.ts checks
 * that an index put back this way answers exactly as a freshly built one.
 */
import MiniSearch, { type Options } from 'minisearch';

/** MiniSearch's own fields that hold the index (see the module comment). */
interface Internals {
  _index: { _tree: Map<string, unknown>; _size: number | undefined };
  _idToShortId: Map<unknown, number>;
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

/** The fields saved as they are; the radix tree is saved apart, and `_idToShortId` is `_documentIds` reversed. */
const SAVED = ['_documentCount', '_nextId', '_documentIds', '_fieldIds', '_fieldLength', '_avgFieldLength', '_storedFields', '_dirtCount'] as const;

export interface MiniSearchState {
  /** The radix tree of terms: term fragment → subtree, '' → field id → short document id → term frequency. */
  tree: Map<string, unknown>;
  fields: Pick<Internals, (typeof SAVED)[number]>;
}

/** Whether these fields have the types MiniSearch 7 gives them. */
function fitsFields(fields: Partial<Internals> | undefined): boolean {
  return (
    fields?._documentIds instanceof Map &&
    fields._fieldLength instanceof Map &&
    fields._storedFields instanceof Map &&
    typeof fields._documentCount === 'number' &&
    typeof fields._nextId === 'number' &&
    typeof fields._dirtCount === 'number' &&
    Array.isArray(fields._avgFieldLength) &&
    typeof fields._fieldIds === 'object' &&
    fields._fieldIds !== null
  );
}

function internalsOf(mini: MiniSearch<never> | MiniSearch<unknown>): Internals | undefined {
  const inside = mini as unknown as Partial<Internals>;
  return inside._index?._tree instanceof Map && inside._idToShortId instanceof Map && fitsFields(inside) ? (inside as Internals) : undefined;
}

/** The state of a built index, or undefined when this MiniSearch does not have the expected fields. */
export function miniSearchState<T>(mini: MiniSearch<T>): MiniSearchState | undefined {
  const inside = internalsOf(mini as MiniSearch<unknown>);
  if (!inside) return undefined;
  return { tree: inside._index._tree, fields: Object.fromEntries(SAVED.map((key) => [key, inside[key]])) as MiniSearchState['fields'] };
}

/** A MiniSearch with `options` holding the saved index, or undefined when the state does not fit them. */
export function restoreMiniSearch<T>(state: MiniSearchState, options: Options<T>): MiniSearch<T> | undefined {
  const mini = new MiniSearch<T>(options);
  const inside = internalsOf(mini as MiniSearch<unknown>);
  const { tree, fields } = state ?? {};
  if (!inside || !(tree instanceof Map) || !fitsFields(fields) || fields._documentIds.size !== fields._documentCount) return undefined;
  const fieldNames = Object.keys(inside._fieldIds);
  if (fieldNames.length !== Object.keys(fields._fieldIds).length || fieldNames.some((f) => fields._fieldIds[f] !== inside._fieldIds[f])) return undefined;
  Object.assign(inside, fields);
  inside._index._tree = tree;
  inside._index._size = undefined;
  inside._idToShortId = new Map([...fields._documentIds].map(([shortId, id]) => [id, shortId]));
  return mini;
}
