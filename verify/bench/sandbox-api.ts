// The few AWS calls the sandbox load balancer bench makes, spoken by hand (awsQuery form posts and
// ECS JSON 1.1) so the bench needs neither the AWS SDK nor the sandbox's code: it drives a
// `sandbox serve` process through its endpoint, as any client would.

/** Versions of the query services the bench calls. */
export const versions = { ec2: '2016-11-15', elbv2: '2015-12-01' } as const;

/** Query parameters: `Targets.member.1.Id` style keys, values stringified. */
export type Params = Record<string, string | number | boolean>;

/** One awsQuery / ec2Query call; resolves to the XML body, throws AWS's error code on failure. */
export async function query(
  endpoint: string,
  service: keyof typeof versions,
  action: string,
  params: Params = {},
): Promise<string> {
  const body = new URLSearchParams({ Action: action, Version: versions[service] });
  for (const [key, value] of Object.entries(params)) body.set(key, String(value));
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const xml = await res.text();
  if (!res.ok)
    throw new Error(`${service} ${action}: ${xmlValue(xml, 'Code') ?? res.status} ${xmlValue(xml, 'Message') ?? ''}`);
  return xml;
}

/** One ECS JSON 1.1 call. */
export async function ecs(
  endpoint: string,
  operation: string,
  input: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
    },
    body: JSON.stringify(input),
  });
  const out = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`ecs ${operation}: ${String(out.__type)} ${String(out.message)}`);
  return out;
}

/** The text of the first `<tag>` in an XML body (the bench's answers are simple enough). */
export function xmlValue(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml)?.[1];
}

/** How many `<tag>value</tag>` an XML body holds. */
export function xmlCount(xml: string, tag: string, value: string): number {
  return xml.split(`<${tag}>${value}</${tag}>`).length - 1;
}
