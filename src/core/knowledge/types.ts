/** What the knowledge base is made of: documents described by the catalogue, split into sections. */

export type DocumentKind = 'agreement' | 'progress-report' | 'press-release' | 'plan' | 'note';

export interface DocumentMeta {
  /** Stable id from the catalogue, e.g. `gd-hk-agreement-2015`. */
  id: string;
  /** File name inside the knowledge directory. */
  file: string;
  /** Title in the document's own script. */
  title: string;
  /** English title, for English answers. */
  titleEn: string;
  /** A short title for the source line under an answer (the document's script), when the title is long. */
  shortTitle?: string;
  issuers: string[];
  /** ISO date (`2015-09-09`) or month (`2022-03`) the document was issued or signed. */
  date: string;
  /** Script the document is written in. */
  script: 'zh-Hant' | 'zh-Hans';
  kind: DocumentKind;
  description: string;
  /** Topics this document mainly serves (subset of TopicId), for topic overviews. */
  topics?: string[];
  /** Where a catalogue fact does not come from the text itself (e.g. a date from a press release). */
  provenance?: string;
  /** The file `ipbot import` made the text from; importing a file of that name again updates this entry. */
  source?: string;
}

export interface Section {
  /** Unique and stable across loads: `${docId}#${n}`. */
  id: string;
  docId: string;
  /** Heading path from the document root, e.g. ['第三章 …', '第五节 加强海外知识产权保护', '专栏 7 …']. */
  headingPath: string[];
  /** Cleaned text of the passage, in the document's script, reading as a unit (no heading repeated). */
  text: string;
  /** Position in the document (0-based), for stable ordering. */
  order: number;
}

export interface KnowledgeWarning {
  file: string;
  /** 1-based line in `file`, when known. */
  line?: number;
  message: string;
}

export interface KnowledgeBase {
  documents: DocumentMeta[];
  sections: Section[];
  warnings: KnowledgeWarning[];
}
