/** The AWS managed policies the sandbox knows (attachable to roles), by ARN. */
export const managedPolicies: Record<string, { name: string; id: string }> = {
  'arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role': {
    name: 'AmazonEC2ContainerServiceforEC2Role',
    id: 'ANPAJLYJCVHC7TQHCSQDS',
  },
  'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore': {
    name: 'AmazonSSMManagedInstanceCore',
    id: 'ANPAIXSHM2BNB2D3AXXRU',
  },
  'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy': {
    name: 'AmazonECSTaskExecutionRolePolicy',
    id: 'ANPAJG4T4G4PGWGQRZN3A',
  },
  'arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy': {
    name: 'CloudWatchAgentServerPolicy',
    id: 'ANPAIGOPKN7KRDAKTLG4I',
  },
};
