/** A one-line cause and what to do about it; `progressSaved` tells the user they can resume. */
export type FriendlyError = {
  message: string;
  hint?: string;
  /** AWS error code or name when the cause was an AWS error. */
  code?: string;
  progressSaved: boolean;
};
