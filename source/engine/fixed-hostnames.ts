import { DescribeServicesCommand, DescribeTaskDefinitionCommand, type ECSClient } from '@aws-sdk/client-ecs';

/**
 * Ids the service's tasks answer with instead of their container id: in bridge mode a container's
 * hostname is its short container id unless the task definition sets `hostname`, and then every
 * task answers the same name. Reads the task definitions of the service's deployments (at most a
 * few) for the container the load balancer sends to.
 */
export async function fixedHostnames(
  ecs: ECSClient,
  query: { cluster: string; service: string },
  signal?: AbortSignal,
): Promise<{ id: string; explanation: string }[]> {
  const described = await ecs.send(new DescribeServicesCommand({ cluster: query.cluster, services: [query.service] }), {
    abortSignal: signal,
  });
  const service = described?.services?.[0];
  const containerName = service?.loadBalancers?.[0]?.containerName;
  const arns = [
    ...new Set((service?.deployments ?? []).map((d) => d.taskDefinition).filter((a): a is string => Boolean(a))),
  ];
  const found: { id: string; explanation: string }[] = [];
  for (const arn of arns.slice(0, 5)) {
    const out = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }), { abortSignal: signal });
    const definition = out?.taskDefinition;
    const container = definition?.containerDefinitions?.find((c) => !containerName || c.name === containerName);
    const hostname = container?.hostname;
    if (!hostname || found.some((f) => f.id === hostname)) continue;
    const revision = definition?.family ? `${definition.family}:${definition.revision ?? '?'}` : arn;
    found.push({
      id: hostname,
      explanation: `task definition ${revision} sets hostname '${hostname}' on container ${container?.name ?? '?'}, so every task answers '${hostname}' instead of its container id and the tasks cannot be told apart: remove hostname from the container definition and deploy the new revision (in bridge mode the hostname is then the container id)`,
    });
  }
  return found;
}
