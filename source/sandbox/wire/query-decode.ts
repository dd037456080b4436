import { NormalizedSchema } from '@smithy/core/schema';

type Node = { value?: string; children: Map<string, Node> };

function tree(params: URLSearchParams): Node {
  const root: Node = { children: new Map() };
  for (const [key, value] of params) {
    let node = root;
    for (const part of key.split('.')) {
      let next = node.children.get(part);
      if (!next) {
        next = { children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
    node.value = value;
  }
  return root;
}

function numbered(node: Node | undefined): Node[] {
  if (!node) return [];
  return [...node.children.entries()]
    .filter(([key]) => /^\d+$/.test(key))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, child]) => child);
}

function memberKey(memberName: string, traits: Record<string, unknown>, ec2: boolean): string {
  const ec2QueryName = traits.ec2QueryName;
  if (ec2 && typeof ec2QueryName === 'string') return ec2QueryName;
  const key = typeof traits.xmlName === 'string' ? traits.xmlName : memberName;
  return ec2 ? key.charAt(0).toUpperCase() + key.slice(1) : key;
}

function read(ns: NormalizedSchema, node: Node | undefined, ec2: boolean): unknown {
  if (!node) return undefined;
  if (ns.isStructSchema()) {
    const out: Record<string, unknown> = {};
    for (const [name, member] of ns.structIterator()) {
      const value = read(member, node.children.get(memberKey(name, member.getMergedTraits(), ec2)), ec2);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }
  if (ns.isListSchema()) {
    const item = ns.getValueSchema();
    const flat = ec2 || Boolean(ns.getMergedTraits().xmlFlattened);
    const itemTraits = item.getMergedTraits();
    const container = flat
      ? node
      : node.children.get(typeof itemTraits.xmlName === 'string' ? itemTraits.xmlName : 'member');
    return numbered(container).map((child) => read(item, child, ec2));
  }
  if (ns.isMapSchema()) {
    const out: Record<string, unknown> = {};
    const flat = Boolean(ns.getMergedTraits().xmlFlattened);
    for (const entry of numbered(flat ? node : node.children.get('entry'))) {
      const key = entry.children.get('key')?.value;
      if (key !== undefined) out[key] = read(ns.getValueSchema(), entry.children.get('value'), ec2);
    }
    return out;
  }
  const text = node.value;
  if (text === undefined) return undefined;
  if (ns.isBooleanSchema()) return text === 'true';
  if (ns.isNumericSchema()) return Number(text);
  if (ns.isTimestampSchema()) return new Date(text);
  return text;
}

/**
 * Decodes an awsQuery / ec2Query form body into the operation's input shape, with the SDK's member
 * names (the mirror of the SDK's query serializer), so handlers read inputs as the SDK types them.
 */
export function decodeQuery(inputSchema: unknown, params: URLSearchParams, ec2: boolean): Record<string, unknown> {
  const value = read(NormalizedSchema.of(inputSchema as never), tree(params), ec2);
  return (value ?? {}) as Record<string, unknown>;
}
