/**
 * One node of a load balancer: an address and port a client connects to for the load balancer's
 * name and listener port, and the Availability Zone it serves. An ALB has one node per enabled
 * AZ, each rotating over targets on its own, so a client that spreads its connections over every
 * node sees the spread the load balancer really gives. `zone` is absent where it is not known.
 */
export type LoadBalancerNode = { address: string; port: number; zone?: string };
