import { NormalizedSchema } from '@smithy/core/schema';

/** Escapes text for an XML element body. */
export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

function scalar(ns: NormalizedSchema, value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (ns.isTimestampSchema() && typeof value === 'number') return new Date(value * 1000).toISOString();
  return escapeXml(String(value));
}

function element(ns: NormalizedSchema, value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    const items = Array.isArray(value) ? value : [value];
    if (ns.getMergedTraits().xmlFlattened) return items.map((v) => element(item, v, name)).join('');
    const traits = item.getMergedTraits();
    const itemName = typeof traits.xmlName === 'string' ? traits.xmlName : 'member';
    return `<${name}>${items.map((v) => element(item, v, itemName)).join('')}</${name}>`;
  }
  if (ns.isMapSchema()) {
    const entries = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `<entry><key>${escapeXml(k)}</key>${element(ns.getValueSchema(), v, 'value')}</entry>`)
      .join('');
    return `<${name}>${entries}</${name}>`;
  }
  if (ns.isStructSchema()) return `<${name}>${members(ns, value as Record<string, unknown>)}</${name}>`;
  return `<${name}>${scalar(ns, value)}</${name}>`;
}

function members(ns: NormalizedSchema, value: Record<string, unknown>): string {
  let out = '';
  for (const [memberName, member] of ns.structIterator()) {
    const xmlName = member.getMemberTraits().xmlName;
    out += element(member, value[memberName], typeof xmlName === 'string' ? xmlName : memberName);
  }
  return out;
}

/**
 * Encodes an operation's output (SDK member names) as the XML elements the SDK's deserializer
 * reads: `xmlName` traits, `member`/`item` list entries, flattened lists. Unknown keys are dropped.
 */
export function encodeXmlMembers(outputSchema: unknown, value: Record<string, unknown>): string {
  const ns = NormalizedSchema.of(outputSchema as never);
  return ns.isStructSchema() ? members(ns, value) : '';
}
