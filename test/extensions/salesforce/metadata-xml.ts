import { SaxesParser } from 'saxes';

/** An element of a Salesforce metadata file: its local name, attributes, child elements and own text. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * Parses a metadata file with a strict, namespace-aware XML parser: any well-formedness error
 * throws, with the parser's line and column. The file's root element is returned.
 */
export function parseMetadataXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const open: XmlElement[] = [];
  let root: XmlElement | undefined;
  parser.on('opentag', (tag) => {
    const element: XmlElement = {
      name: tag.local,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      children: [],
      text: '',
    };
    const parent = open.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    open.push(element);
  });
  parser.on('closetag', () => open.pop());
  parser.on('text', (text) => {
    const current = open.at(-1);
    if (current) current.text += text;
  });
  parser.write(xml).close();
  if (!root) throw new Error('the file has no root element');
  return root;
}

export function childrenNamed(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

/** The trimmed text of the one child of that name; throws when there is none or several. */
export function childText(element: XmlElement, name: string): string {
  const found = childrenNamed(element, name);
  if (found.length !== 1)
    throw new Error(`<${element.name}> has ${found.length} <${name}> elements, not one`);
  return (found[0] as XmlElement).text.trim();
}

/** Every element of the tree, depth first, the root included. */
export function allElements(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(allElements)];
}
