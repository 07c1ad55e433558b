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

export interface MiniSearchState {
  /** The radix tree of terms: term fragment → subtree, '' → field id → short document id → term frequency. */
  tree: Map<string, unknown>;
  documentCount: number;
  nextId: number;
  documentIds: Map<number, unknown>;
  fieldIds: Record<string, number>;
  fieldLength: Map<number, number[]>;
  averageFieldLength: number[];
  storedFields: Map<number, unknown>;
  dirtCount: number;
}

/** MiniSearch's own fields that hold the index (see the module comment). */
interface Internals {
  _index: { _tree: Map<string, unknown>; _size: number | undefined };
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _idToShortId: Map<unknown, number>;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _storedFields: Map<number, unknown>;
  _dirtCount: number;
}

function internalsOf(mini: MiniSearch<never> | MiniSearch<unknown>): Internals | undefined {
  const inside = mini as unknown as Partial<Internals>;
  const fits =
    inside._index?._tree instanceof Map &&
    inside._documentIds instanceof Map &&
    inside._idToShortId instanceof Map &&
    inside._fieldLength instanceof Map &&
    inside._storedFields instanceof Map &&
    typeof inside._documentCount === 'number' &&
    typeof inside._nextId === 'number' &&
    typeof inside._dirtCount === 'number' &&
    Array.isArray(inside._avgFieldLength) &&
    typeof inside._fieldIds === 'object';
  return fits ? (inside as Internals) : undefined;
}

/** The state of a built index, or undefined when this MiniSearch does not have the expected fields. */
export function miniSearchState<T>(mini: MiniSearch<T>): MiniSearchState | undefined {
  const inside = internalsOf(mini as MiniSearch<unknown>);
  if (!inside) return undefined;
  return {
    tree: inside._index._tree,
    documentCount: inside._documentCount,
    nextId: inside._nextId,
    documentIds: inside._documentIds,
    fieldIds: inside._fieldIds,
    fieldLength: inside._fieldLength,
    averageFieldLength: inside._avgFieldLength,
    storedFields: inside._storedFields,
    dirtCount: inside._dirtCount,
  };
}

/** A MiniSearch with `options` holding the saved index, or undefined when the state does not fit them. */
export function restoreMiniSearch<T>(state: MiniSearchState, options: Options<T>): MiniSearch<T> | undefined {
  const mini = new MiniSearch<T>(options);
  const inside = internalsOf(mini as MiniSearch<unknown>);
  const fields = Object.keys(inside?._fieldIds ?? {});
  const fits =
    state.tree instanceof Map &&
    state.documentIds instanceof Map &&
    state.fieldLength instanceof Map &&
    state.storedFields instanceof Map &&
    state.documentIds.size === state.documentCount &&
    Array.isArray(state.averageFieldLength) &&
    fields.length === Object.keys(state.fieldIds ?? {}).length &&
    fields.every((f) => state.fieldIds[f] === inside?._fieldIds[f]);
  if (!inside || !fits) return undefined;
  inside._index._tree = state.tree;
  inside._index._size = undefined;
  inside._documentCount = state.documentCount;
  inside._nextId = state.nextId;
  inside._documentIds = state.documentIds;
  inside._idToShortId = new Map([...state.documentIds].map(([shortId, id]) => [id, shortId]));
  inside._fieldLength = state.fieldLength;
  inside._avgFieldLength = state.averageFieldLength;
  inside._storedFields = state.storedFields;
  inside._dirtCount = state.dirtCount;
  return mini;
}
