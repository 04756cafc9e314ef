// A set of field paths stored as a trie, as structured-merge-diff's fieldpath.Set: each node
// has members (paths that end here) and children (paths that go deeper). It encodes to and
// from the FieldsV1 JSON of metadata.managedFields, where `.` marks a node that is itself a
// member and also has children.
import {
  compareElements,
  elementToken,
  type FieldPath,
  type PathElement,
  parseElementToken,
} from './field-path.js';

export type FieldsV1 = { [token: string]: FieldsV1 };

interface Child {
  element: PathElement;
  set: FieldSet;
}

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: FieldPath[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  static fromFieldsV1(fields: FieldsV1): FieldSet {
    const set = new FieldSet();
    for (const [token, nested] of Object.entries(fields)) {
      if (token === '.') continue;
      const element = parseElementToken(token);
      const tokens = Object.keys(nested);
      if (tokens.length === 0 || tokens.includes('.')) set.members.set(token, element);
      const child = FieldSet.fromFieldsV1(nested);
      if (!child.isEmpty()) set.children.set(token, { element, set: child });
    }
    return set;
  }

  /** Adds a path; building a set is the only mutation, every operation returns a new set. */
  insert(path: FieldPath): void {
    const [head, ...rest] = path;
    if (!head) return;
    const token = elementToken(head);
    if (rest.length === 0) {
      this.members.set(token, head);
      return;
    }
    let child = this.children.get(token);
    if (!child) {
      child = { element: head, set: new FieldSet() };
      this.children.set(token, child);
    }
    child.set.insert(rest);
  }

  has(path: FieldPath): boolean {
    const [head, ...rest] = path;
    if (!head) return false;
    const token = elementToken(head);
    if (rest.length === 0) return this.members.has(token);
    return this.children.get(token)?.set.has(rest) ?? false;
  }

  hasMember(element: PathElement): boolean {
    return this.members.has(elementToken(element));
  }

  /** The subset below one element (empty when nothing goes deeper there). */
  child(element: PathElement): FieldSet | undefined {
    return this.children.get(elementToken(element))?.set;
  }

  /** The elements that have paths below them, in fieldpath order. */
  childElements(): PathElement[] {
    return sortedValues(this.children, (child) => child.element).map((child) => child.element);
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const source of [this, other]) {
      for (const [token, element] of source.members) out.members.set(token, element);
    }
    for (const [token, { element, set }] of this.children) {
      const theirs = other.children.get(token);
      out.children.set(token, { element, set: theirs ? set.union(theirs.set) : set });
    }
    for (const [token, child] of other.children) {
      if (!out.children.has(token)) out.children.set(token, child);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [token, element] of this.members) {
      if (other.members.has(token)) out.members.set(token, element);
    }
    for (const [token, { element, set }] of this.children) {
      const theirs = other.children.get(token);
      if (theirs) out.addChild(token, element, set.intersection(theirs.set));
    }
    return out;
  }

  /** Members of this set not in the other; a member of the other does not remove paths below it. */
  difference(other: FieldSet): FieldSet {
    return this.subtract(other, false);
  }

  /** Like difference, but a member of the other also removes every path below it. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.subtract(other, true);
  }

  private subtract(other: FieldSet, recursive: boolean): FieldSet {
    const out = new FieldSet();
    for (const [token, element] of this.members) {
      if (!other.members.has(token)) out.members.set(token, element);
    }
    for (const [token, { element, set }] of this.children) {
      if (recursive && other.members.has(token)) continue;
      const theirs = other.children.get(token);
      out.addChild(token, element, theirs ? set.subtract(theirs.set, recursive) : set);
    }
    return out;
  }

  /** Only the paths that have nothing below them. */
  leaves(): FieldSet {
    const out = new FieldSet();
    for (const [token, element] of this.members) {
      if (!this.children.has(token)) out.members.set(token, element);
    }
    for (const [token, { element, set }] of this.children) out.addChild(token, element, set.leaves());
    return out;
  }

  /** Every path, in fieldpath's iteration order: this level's members, then each child's paths. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const members = sortedValues(this.members, (element) => element).map((element) => [...prefix, element]);
    const below = sortedValues(this.children, (child) => child.element).flatMap((child) =>
      child.set.paths([...prefix, child.element]),
    );
    return [...members, ...below];
  }

  equals(other: FieldSet): boolean {
    return JSON.stringify(this.toFieldsV1()) === JSON.stringify(other.toFieldsV1());
  }

  toFieldsV1(): FieldsV1 {
    const tokens = new Map<string, PathElement>(this.members);
    for (const [token, child] of this.children) tokens.set(token, child.element);
    const out: FieldsV1 = {};
    for (const [token] of [...tokens].sort(([, a], [, b]) => compareElements(a, b))) {
      const child = this.children.get(token);
      if (!child) {
        out[token] = {};
        continue;
      }
      out[token] = this.members.has(token) ? { '.': {}, ...child.set.toFieldsV1() } : child.set.toFieldsV1();
    }
    return out;
  }

  private addChild(token: string, element: PathElement, set: FieldSet): void {
    if (!set.isEmpty()) this.children.set(token, { element, set });
  }
}

function sortedValues<T>(map: Map<string, T>, elementOf: (value: T) => PathElement): T[] {
  return [...map.values()].sort((a, b) => compareElements(elementOf(a), elementOf(b)));
}
