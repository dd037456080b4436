/**
 * The verifier: fires GET requests at a URL, maps each answer to a backend, and proves (or
 * disproves) that the load spreads over every expected backend. Knows nothing about ECS.
 * The Ink view lives in `./report.js` so that importing this module never loads React.
 */
export { verify } from './run.js';
export { resolveOptions, DEFAULTS } from './options.js';
export { summarize } from './summarize.js';
export { judge } from './verdict.js';
export { judgeSpread, evenAnswersNeeded } from './evenness.js';
export { findCauses } from './causes.js';
export { dnsNodes } from './nodes.js';
export { settled, CERTAIN } from './early-stop.js';
export { reportText } from './report-text.js';
export { reportJson, JSON_SCHEMA } from './report-json.js';
export { explainMissing } from './explain.js';
export type * from './types.js';
export { startWatch } from './watch.js';
export { WATCH_DEFAULTS } from './watch-options.js';
export type * from './watch-types.js';
export { watchText } from './watch-text.js';
export { watchJson, WATCH_JSON_SCHEMA } from './watch-json.js';
export { timelinePicture } from './watch-picture.js';
export { watchReportHtml, watchReportFile } from './report-html.js';
export { watchReportSvg } from './report-svg.js';
