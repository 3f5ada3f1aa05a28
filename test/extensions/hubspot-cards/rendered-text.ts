/** A rendered node as far as its text goes; `.text` of a node holds only its own text children. */
interface TextBearing {
  readonly nodeType: string;
  readonly text?: string | null;
  readonly childNodes?: readonly TextBearing[];
}

/** Every text a rendered card shows, in order, one text node per line. */
export function renderedText(node: TextBearing): string {
  if (node.nodeType === 'text') return node.text ?? '';
  return (node.childNodes ?? [])
    .map(renderedText)
    .filter((t) => t !== '')
    .join('\n');
}
