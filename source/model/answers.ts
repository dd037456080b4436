/**
 * Answers are stored as the strings a flag would carry (multi-values comma-joined, as `--subnets`
 * takes them), so one `validate` serves flags, saved progress and prompts alike.
 */
export type AnswerKey =
  | 'createCluster'
  | 'cluster'
  | 'instanceType'
  | 'instances'
  | 'subnets'
  | 'listenerPort'
  | 'allowCidr'
  | 'hostPortRange'
  | 'healthCheckPath'
  | 'deregistrationDelay'
  | 'scheme'
  | 'pathPattern'
  | 'containerPort'
  | 'image'
  | 'memory'
  | 'desiredCount'
  | 'scaleTo';

export type Answers = Partial<Record<AnswerKey, string>>;

/** Answers a flag gave that failed their format check: the value and the problem, naming the flag. */
export type InvalidAnswers = Partial<Record<AnswerKey, { value: string; problem: string }>>;
