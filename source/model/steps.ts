/** The memo's steps, in the order setup runs them (DESIGN §1). */
export type StepId =
  | 'account'
  | 'cluster'
  | 'network'
  | 'capacity'
  | 'security-groups'
  | 'target-group'
  | 'load-balancer'
  | 'listener'
  | 'service-role'
  | 'task-definition'
  | 'instances'
  | 'service'
  | 'scale-out';
