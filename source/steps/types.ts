/**
 * The step model (DESIGN §4): the memo as data. Steps never talk to the UI; they describe
 * questions, validate answers purely, and call AWS only in `execute`.
 */

export type StepId =
  | 'account'
  | 'cluster'
  | 'network'
  | 'security-groups'
  | 'target-group'
  | 'load-balancer'
  | 'listener'
  | 'service-role'
  | 'task-definition'
  | 'service'
  | 'scale-out';

/**
 * Answers are stored as the strings a flag would carry (multi-values comma-joined, as `--subnets`
 * takes them), so one `validate` serves flags, saved progress and prompts alike.
 */
export type AnswerKey =
  | 'cluster'
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

export type Choice = {
  value: string;
  label: string;
  /** Extra detail shown dimmed, e.g. `2 container instances` or `ap-northeast-1a, public`. */
  hint?: string;
};

type QuestionBase = {
  key: AnswerKey;
  /** The flag that answers this question without a prompt, e.g. `--subnets`. */
  flag: string;
  message: string;
};

/** A question is data; the UI renders it and returns the raw value. */
export type Question = QuestionBase &
  (
    | { kind: 'text'; default?: string; validate(value: string): string | undefined }
    | { kind: 'select'; choices: Choice[]; default?: string }
    | {
        kind: 'multiselect';
        choices: Choice[];
        default?: string[];
        validate?(values: string[]): string | undefined;
      }
    | { kind: 'confirm'; default: boolean }
  );

/** What the UI hands back for one question. */
export type RawAnswer = string | string[] | boolean;
