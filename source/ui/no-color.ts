// Imported first by the wizard: chalk (under Ink) reads FORCE_COLOR when it loads, and ignores
// NO_COLOR on its own. https://no-color.org: a set, non-empty NO_COLOR turns colour off.
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
export {};
