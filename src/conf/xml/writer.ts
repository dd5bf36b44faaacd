// One writer for all of libvirt's XML output: two-space indentation, attributes in single quotes,
// attributes with undefined values skipped, and empty elements written as <x/>.

export type AttrValue = string | number | bigint | boolean | undefined | null;
export type Attrs = ReadonlyArray<readonly [string, AttrValue]> | Record<string, AttrValue>;

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(s: string): string {
  return s.replace(/[&<>'"\n\r\t]/g, (c) => ATTR_ESC[c]);
}
const ATTR_ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

function attrText(attrs: Attrs | undefined): string {
  if (!attrs) return '';
  const entries = Array.isArray(attrs) ? attrs : Object.entries(attrs);
  let out = '';
  for (const [k, v] of entries) {
    if (v === undefined || v === null) continue;
    out += ` ${k}='${escapeAttr(String(v))}'`;
  }
  return out;
}

export class XmlWriter {
  #out: string[] = [];
  #indent = 0;

  constructor(baseIndent = 0) {
    this.#indent = baseIndent;
  }

  get indent(): number {
    return this.#indent;
  }

  #pad(): string {
    return ' '.repeat(this.#indent);
  }

  /** <name attrs/> */
  empty(name: string, attrs?: Attrs): this {
    this.#out.push(`${this.#pad()}<${name}${attrText(attrs)}/>\n`);
    return this;
  }

  /** <name attrs>text</name>; skipped when text is undefined. */
  text(name: string, text: AttrValue, attrs?: Attrs): this {
    if (text === undefined || text === null) return this;
    this.#out.push(`${this.#pad()}<${name}${attrText(attrs)}>${escapeText(String(text))}</${name}>\n`);
    return this;
  }

  /** <name attrs> children </name>; written as <name attrs/> when the body writes nothing. */
  element(name: string, attrs: Attrs | undefined, body: (w: this) => void, opts: { keepEmpty?: boolean } = {}): this {
    const open = `${this.#pad()}<${name}${attrText(attrs)}`;
    const mark = this.#out.length;
    this.#out.push(`${open}>\n`);
    this.#indent += 2;
    body(this);
    this.#indent -= 2;
    if (this.#out.length === mark + 1 && !opts.keepEmpty) {
      this.#out[mark] = `${open}/>\n`;
      return this;
    }
    this.#out.push(`${this.#pad()}</${name}>\n`);
    return this;
  }

  /** Like element(), but omits the element entirely when it would have no attributes and no children. */
  optional(name: string, attrs: Attrs | undefined, body: (w: this) => void): this {
    const mark = this.#out.length;
    this.element(name, attrs, body);
    if (this.#out.length === mark + 1 && attrText(attrs) === '') this.#out.length = mark;
    return this;
  }

  /** Pre-formatted lines (already indented relative to this writer's current level). */
  raw(s: string): this {
    this.#out.push(s);
    return this;
  }

  toString(): string {
    return this.#out.join('');
  }
}
